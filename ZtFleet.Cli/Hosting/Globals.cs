using System.CommandLine;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Hosting;

/// <summary>Options every command takes (<c>Recursive</c>: they may follow any subcommand).</summary>
internal static class Globals
{
    public static readonly Option<string> Output = CreateOutput();

    public static readonly Option<string?> Server = new("--server")
    {
        Description = "the API address (default: $ZTFLEET_SERVER, else the one ztfleet login stored)",
        Recursive = true,
    };

    public static OutputFormat Format(ParseResult parsed) => parsed.GetValue(Output) switch
    {
        "json" => OutputFormat.Json,
        "csv" => OutputFormat.Csv,
        _ => OutputFormat.Table,
    };

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "table (aligned columns), json (the API's answer) or csv",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("table", "json", "csv");
        return option;
    }
}
