using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Cli;

/// <summary>
/// A real API server holding <see cref="Fleet"/> (the two-plant test fleet, Austin's PLC named like a spreadsheet
/// formula), shared by the CLI tests of a class.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    /// <summary>An asset name a spreadsheet would run as a formula: CSV output must keep it text.</summary>
    public const string FormulaName = "=HYPERLINK(\"http://evil.example\",\"PLC\")";

    public static readonly string Fleet = TestFleets.TwoPlants.Replace("name: Assembly PLC", $"name: '{FormulaName}'", StringComparison.Ordinal);

    public ApiServer Server { get; } = new();

    public string Address => $"http://127.0.0.1:{Server.Port}";

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        await Server.ApplyAsync(Fleet);
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}
