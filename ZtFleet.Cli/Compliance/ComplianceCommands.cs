using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Compliance;

/// <summary>
/// <c>ztfleet compliance</c>: assess a scope, list, show and compare its assessments, read and update the improvement
/// plan, export it and write the HTML report (docs/compliance.md).
/// </summary>
internal static class ComplianceCommands
{
    public static Command Create()
    {
        var compliance = new Command("compliance", "Compliance: assess, list, show, compare, plan, action set, export, report.");
        compliance.Subcommands.Add(Assess());
        compliance.Subcommands.Add(List());
        compliance.Subcommands.Add(Show());
        compliance.Subcommands.Add(Compare());
        compliance.Subcommands.Add(Plan());
        compliance.Subcommands.Add(Action());
        compliance.Subcommands.Add(Export());
        compliance.Subcommands.Add(Report());
        return compliance;
    }

    private static Option<string> Scope() => new("--scope") { Description = "a plant id, or fleet", Required = true };

    private static Argument<string> OptionalAssessment() =>
        new("ASSESSMENT") { Description = "the assessment id (default the newest)", Arity = ArgumentArity.ZeroOrOne };

    private static ComplianceService.ComplianceServiceClient Client(Call call) => new(call.Session.Channel);

    private static Command Assess()
    {
        var scope = Scope();
        var command = new Command("assess", "Assesses a scope now from live state and stores the assessment.") { scope };
        Run.Api(command, async call =>
        {
            var answer = await Client(call).AssessAsync(new AssessComplianceRequest { Scope = call.Get(scope) }, call.Options);
            WriteAssessment(call, answer, answer.Assessment);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var scope = Scope();
        var limit = Opt.Limit(50);
        var command = new Command("list", "A scope's stored assessments, newest first.") { scope, limit };
        Run.Api(command, async call =>
        {
            var request = new ListAssessmentsRequest { Scope = call.Get(scope), PageSize = Math.Clamp(call.Get(limit), 1, 1000) };
            var client = Client(call);
            var all = new ListAssessmentsResponse();
            do
            {
                var page = await client.ListAssessmentsAsync(request, call.Options);
                all.Assessments.Add(page.Assessments.Take(call.Get(limit) - all.Assessments.Count));
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && all.Assessments.Count < call.Get(limit));

            var table = new Table("id", "at", "fleet version", "zones at target", "requirements failing", "controls implemented", "maturity");
            foreach (var a in all.Assessments)
            {
                table.Add(a.AssessmentId, a.At, a.FleetVersion, $"{a.ZonesAtTarget}/{a.Zones}", a.RequirementsFailing, $"{a.ControlsImplemented}/{a.ControlsApplicable}", Maturity(a.Maturity));
            }

            call.Printer.Write(all, table, "No assessments stored; run ztfleet compliance assess.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var scope = Scope();
        var id = OptionalAssessment();
        var command = new Command("show", "One stored assessment: zones and conduits (SL-T vs SL-A per FR), failing requirements, controls, maturity.") { scope, id };
        Run.Api(command, async call =>
        {
            var answer = await Client(call).GetAssessmentAsync(new GetAssessmentRequest { Scope = call.Get(scope), AssessmentId = call.Get(id) ?? "" }, call.Options);
            WriteAssessment(call, answer, answer.Assessment);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Compare()
    {
        var scope = Scope();
        var from = Opt.Id("FROM", "the earlier assessment id");
        var to = new Argument<string>("TO") { Description = "the later assessment id (default the newest)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("compare", "What improved and what regressed between two assessments of a scope.") { scope, from, to };
        Run.Api(command, async call =>
        {
            var answer = await Client(call).CompareAssessmentsAsync(
                new CompareAssessmentsRequest { Scope = call.Get(scope), FromAssessmentId = call.Get(from), ToAssessmentId = call.Get(to) ?? "" }, call.Options);
            var table = new Table("change", "key", "plant", "before", "after", "since", "item");
            foreach (var c in answer.Improved)
            {
                table.Add("improved", c.Key, c.PlantId, c.Before, c.After, Since(c), c.Label);
            }

            foreach (var c in answer.Regressed)
            {
                table.Add("regressed", c.Key, c.PlantId, c.Before, c.After, Since(c), c.Label);
            }

            call.Printer.Write(answer, table, "Nothing moved.");
            call.Printer.Note($"{answer.FromAssessmentId} ({Table.Cell(answer.FromAt)}) -> {answer.ToAssessmentId} ({Table.Cell(answer.ToAt)}): "
                + $"{answer.Improved.Count} improved, {answer.Regressed.Count} regressed, {answer.Unchanged} unchanged, {answer.Added} added, {answer.Removed} removed.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Plan()
    {
        var scope = Scope();
        var assessment = new Option<string>("--assessment") { Description = "the plan of this assessment (default the newest)" };
        var command = new Command("plan", "The improvement plan, highest risk reduced first, with each action's status.") { scope, assessment };
        Run.Api(command, async call =>
        {
            var answer = await Client(call).GetImprovementPlanAsync(
                new GetImprovementPlanRequest { Scope = call.Get(scope), AssessmentId = call.Get(assessment) ?? "" }, call.Options);
            var table = new Table("action", "plant", "risk", "effort", "status", "gaps", "title");
            foreach (var a in answer.Actions)
            {
                table.Add(a.ActionId, a.PlantId, a.Risk.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), a.Effort,
                    a.AcceptanceExpired ? $"{Table.Cell(a.Status)} (acceptance expired)" : a.Status, a.Gaps.Count, a.Title);
            }

            call.Printer.Write(answer, table, "No actions: nothing fails.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Action()
    {
        var action = new Command("action", "Improvement actions: set a status.");
        var scope = Scope();
        var id = Opt.Id("ACTION", "the action id (act-…)");
        var status = Opt.Choice<ImprovementActionStatus>("--status", "the new status", required: true);
        var note = Opt.Text("--note", "why (required to accept a risk)");
        var until = Opt.Text("--until", "a risk is accepted until (ISO 8601, or +90d); only with --status risk-accepted");
        var set = new Command("set", "Sets the status of an action of the scope's newest plan.") { scope, id, status, note, until };
        Run.Api(set, async call =>
        {
            var request = new SetActionStatusRequest
            {
                Scope = call.Get(scope),
                ActionId = call.Get(id),
                Status = EnumText.Parse<ImprovementActionStatus>(call.Get(status), "--status"),
                Note = call.Get(note) ?? "",
                RiskAcceptedUntil = TimeArg.Parse(call.Get(until), "--until", DateTimeOffset.UtcNow),
            };
            var answer = await Client(call).SetActionStatusAsync(request, call.Options);
            var a = answer.Action;
            var table = new Table("field", "value")
                .Add("action", a.ActionId)
                .Add("title", a.Title)
                .Add("status", a.Status)
                .Add("by", a.StatusBy)
                .Add("at", a.StatusAt)
                .Add("note", a.StatusNote)
                .Add("risk accepted until", a.RiskAcceptedUntil);
            call.Printer.Write(answer, table);
            return ExitCodes.Ok;
        });
        action.Subcommands.Add(set);
        return action;
    }

    private static Command Export()
    {
        var scope = Scope();
        var format = Opt.Choice<ComplianceExportFormat>("--format", "the document", required: true);
        var assessment = new Option<string>("--assessment") { Description = "of this assessment (default the newest)" };
        var file = new Option<string>("--file", "-f") { Description = "write it to this file (default stdout)" };
        var command = new Command("export", "The plan as Markdown or OSCAL POA&M, or the assessment as OSCAL assessment results.") { scope, format, assessment, file };
        Run.Api(command, async call =>
        {
            var answer = await Client(call).ExportImprovementPlanAsync(new ExportImprovementPlanRequest
            {
                Scope = call.Get(scope),
                AssessmentId = call.Get(assessment) ?? "",
                Format = EnumText.Parse<ComplianceExportFormat>(call.Get(format), "--format"),
            }, call.Options);
            if (call.Get(file) is { } path)
            {
                WriteFile(path, answer.Document);
                call.Printer.Note($"Wrote {answer.MediaType} to {path}.");
            }
            else
            {
                call.Printer.Out.Write(answer.Document);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Report()
    {
        var scope = Scope();
        var assessment = new Option<string>("--assessment") { Description = "of this assessment (default the newest)" };
        var file = new Option<string>("--file", "-f") { Description = "the HTML file to write", Required = true };
        var command = new Command("report", "Writes the compliance report (heat map, statement of applicability, maturity, trend, plan) as one HTML page.") { scope, assessment, file };
        Run.Api(command, async call =>
        {
            var answer = await Client(call).GetComplianceReportAsync(
                new GetComplianceReportRequest { Scope = call.Get(scope), AssessmentId = call.Get(assessment) ?? "" }, call.Options);
            WriteFile(call.Get(file), answer.Html);
            call.Printer.Note($"Wrote the report of {answer.AssessmentId} to {call.Get(file)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteFile(string path, string text)
    {
        try
        {
            File.WriteAllText(path, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure(ExitCodes.Refused, $"Cannot write {path}: {ex.Message}");
        }
    }

    private static void WriteAssessment(Call call, Google.Protobuf.IMessage answer, ComplianceAssessment assessment)
    {
        if (call.Printer.Format == OutputFormat.Json)
        {
            call.Printer.WriteJson(answer);
            return;
        }

        var summary = assessment.Summary;
        var levels = new Table("kind", "plant", "id", "fr1", "fr2", "fr3", "fr4", "fr5", "fr6", "fr7", "at target", "failing");
        foreach (var z in assessment.Zones)
        {
            levels.Add(Levels("zone", z.PlantId, z.ZoneId, z.Target, z.Achieved, z.Requirements));
        }

        foreach (var c in assessment.Conduits)
        {
            levels.Add(Levels("conduit", c.PlantId, c.ConduitId, c.Target, c.Achieved, c.Requirements));
        }

        var failing = new Table("plant", "where", "requirement", "fr", "level", "status", "title");
        foreach (var z in assessment.Zones)
        {
            foreach (var r in z.Requirements.Where(Failing))
            {
                failing.Add(z.PlantId, z.ZoneId, r.Id, r.Fr, r.Level, r.Status, r.Title);
            }
        }

        foreach (var c in assessment.Conduits)
        {
            foreach (var r in c.Requirements.Where(Failing))
            {
                failing.Add(c.PlantId, c.ConduitId, r.Id, r.Fr, r.Level, r.Status, r.Title);
            }
        }

        var controls = new Table("control", "applicable", "status", "title", "justification");
        foreach (var c in assessment.Controls)
        {
            controls.Add(c.Id, c.Applicable, c.Status, c.Title, c.Justification);
        }

        var maturity = new Table("pillar", "stage", "criteria met");
        foreach (var p in assessment.Maturity)
        {
            maturity.Add(p.Pillar, p.Stage, $"{p.Criteria.Count(c => c.Met)}/{p.Criteria.Count}");
        }

        if (call.Printer.Format == OutputFormat.Csv)
        {
            levels.WriteCsv(call.Printer.Out);
            return;
        }

        var output = call.Printer.Out;
        new Table("field", "value")
            .Add("assessment", summary.AssessmentId)
            .Add("scope", summary.Scope)
            .Add("at", summary.At)
            .Add("fleet version", summary.FleetVersion)
            .Add("zones at target", $"{summary.ZonesAtTarget}/{summary.Zones}")
            .Add("requirements failing", summary.RequirementsFailing)
            .Add("controls implemented", $"{summary.ControlsImplemented}/{summary.ControlsApplicable}")
            .WriteAligned(output);
        Section(output, "IEC 62443-3-3: SL-A/SL-T per foundational requirement", levels);
        Section(output, "Requirements not met or not attested", failing);
        Section(output, "ISO/IEC 27001:2022 Annex A", controls);
        Section(output, "CISA Zero Trust maturity", maturity);
    }

    private static void Section(TextWriter output, string title, Table table)
    {
        output.WriteLine();
        output.WriteLine(title);
        if (table.Rows.Count == 0)
        {
            output.WriteLine("(none)");
        }
        else
        {
            table.WriteAligned(output);
        }
    }

    private static object?[] Levels(string kind, string plant, string id, IList<int> target, IList<int> achieved, IEnumerable<RequirementResult> requirements)
    {
        var cells = new List<object?> { kind, plant, id };
        var atTarget = true;
        for (var fr = 0; fr < 7; fr++)
        {
            var t = fr < target.Count ? target[fr] : 0;
            var a = fr < achieved.Count ? achieved[fr] : 0;
            atTarget &= a >= t;
            cells.Add($"{a}/{t}");
        }

        cells.Add(atTarget);
        cells.Add(requirements.Count(Failing));
        return cells.ToArray();
    }

    private static bool Failing(RequirementResult r) =>
        r.Status is ComplianceRequirementStatus.NotMet or ComplianceRequirementStatus.NotAttested;

    private static string Maturity(IEnumerable<PillarStage> stages) =>
        string.Join(", ", stages.Select(s => $"{Table.Cell(s.Pillar)} {Table.Cell(s.Stage)}"));

    private static string Since(ComplianceChange change) =>
        change.Since is null ? "" : (change.SinceIsLowerBound ? "≤ " : "") + Table.Cell(change.Since);
}
