using System.CommandLine;
using Grpc.Core;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Hosting;

/// <summary>What a command's action works with: its parsed line, the printer, the API session, Ctrl+C.</summary>
internal sealed record Call(ParseResult Parsed, Printer Printer, ApiSession Session, CancellationToken CancellationToken)
{
    /// <summary>Call options with the token and Ctrl+C.</summary>
    public CallOptions Options => Session.Call(CancellationToken);

    public T Get<T>(Option<T> option) => Parsed.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => Parsed.GetValue(argument)!;
}
