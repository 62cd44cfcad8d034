using System.CommandLine;
using Grpc.Core;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Hosting;

/// <summary>
/// Wires a command's action: builds the printer, opens the API session when needed, and turns every failure into
/// one message on stderr and its exit code (docs/cli.md, "Exit codes").
/// </summary>
internal static class Run
{
    /// <summary>An action that talks to the API.</summary>
    public static void Api(Command command, Func<Call, Task<int>> action) =>
        command.SetAction((parsed, cancellationToken) => ExecuteAsync(parsed, cancellationToken, async printer =>
        {
            using var session = await ApiSession.OpenAsync(parsed.GetValue(Globals.Server), printer.Error, cancellationToken);
            return await action(new Call(parsed, printer, session, cancellationToken));
        }));

    /// <summary>An action that does not need the API (or opens it itself).</summary>
    public static void Local(Command command, Func<ParseResult, Printer, CancellationToken, Task<int>> action) =>
        command.SetAction((parsed, cancellationToken) => ExecuteAsync(parsed, cancellationToken, printer => action(parsed, printer, cancellationToken)));

    public static Printer PrinterFor(ParseResult parsed) =>
        new(Globals.Format(parsed), Console.Out, Console.Error, !Console.IsOutputRedirected && !Console.IsErrorRedirected);

    private static async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken, Func<Printer, Task<int>> action)
    {
        var printer = PrinterFor(parsed);
        try
        {
            return await action(printer);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            printer.Error.WriteLine("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (RpcException ex)
        {
            return RpcErrors.Report(ex, printer.Error);
        }
        catch (UsageException ex)
        {
            printer.Error.WriteLine(Table.Printable($"error: {ex.Message}"));
            return ExitCodes.Usage;
        }
        catch (CliFailure ex)
        {
            printer.Error.WriteLine(Table.Printable($"error: {ex.Message}"));
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            printer.Error.WriteLine("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (HttpRequestException ex)
        {
            printer.Error.WriteLine(Table.Printable($"error: cannot reach {ex.HttpRequestError}: {ex.Message}"));
            return ExitCodes.Unavailable;
        }
        catch (TaskCanceledException ex)
        {
            printer.Error.WriteLine(Table.Printable($"error: no answer in time ({ex.Message})"));
            return ExitCodes.Unavailable;
        }
        catch (System.Text.Json.JsonException ex)
        {
            printer.Error.WriteLine(Table.Printable($"error: the answer is not the JSON expected ({ex.Message})"));
            return ExitCodes.Unavailable;
        }
    }
}
