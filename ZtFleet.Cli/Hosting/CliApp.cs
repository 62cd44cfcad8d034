using System.CommandLine;
using System.CommandLine.Help;
using ZtFleet.Cli.Access;
using ZtFleet.Cli.Assets;
using ZtFleet.Cli.Audit;
using ZtFleet.Cli.Completion;
using ZtFleet.Cli.Compliance;
using ZtFleet.Cli.Decisions;
using ZtFleet.Cli.Enforcement;
using ZtFleet.Cli.Fleet;
using ZtFleet.Cli.Identities;
using ZtFleet.Cli.Login;
using ZtFleet.Cli.Monitoring;
using ZtFleet.Cli.Quarantine;
using ZtFleet.Cli.Vulnerabilities;

namespace ZtFleet.Cli.Hosting;

/// <summary>The <c>ztfleet</c> command tree (docs/cli.md) and its entry point.</summary>
internal static class CliApp
{
    public static RootCommand Create()
    {
        var root = new RootCommand("ztfleet: the ZtFleet command line. Log in once (ztfleet login), then manage the fleet, its access, quarantines, detections, compliance and vulnerabilities.")
        {
            Globals.Output,
            Globals.Server,
        };
        root.Subcommands.Add(LoginCommands.Login());
        root.Subcommands.Add(LoginCommands.Logout());
        root.Subcommands.Add(LoginCommands.WhoAmI());
        root.Subcommands.Add(FleetCommands.Create());
        root.Subcommands.Add(AssetCommands.Create());
        root.Subcommands.Add(IdentityCommands.Create());
        root.Subcommands.Add(CheckCommands.Check());
        root.Subcommands.Add(CheckCommands.CheckFlow());
        root.Subcommands.Add(AccessCommands.Create());
        root.Subcommands.Add(AccessCommands.Lock());
        root.Subcommands.Add(AccessCommands.Unlock());
        root.Subcommands.Add(EnforcementCommands.Create());
        root.Subcommands.Add(QuarantineCommands.Create());
        root.Subcommands.Add(DetectionCommands.Create());
        root.Subcommands.Add(IncidentCommands.Create());
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(ComplianceCommands.Create());
        root.Subcommands.Add(VulnerabilityCommands.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("See ztfleet --help (or ztfleet COMMAND --help).");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = true });
    }
}
