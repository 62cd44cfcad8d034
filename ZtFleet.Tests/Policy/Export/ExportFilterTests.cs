using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Tests.Policy.Export;

public sealed class ExportFilterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    // filter: kinds | minimum | plants | only denials; record: kind, plant, severity; expected
    public static readonly TheoryData<string, Severity, string, bool, ExportKind, string?, Severity, bool> Cases = new()
    {
        { "", Severity.Unspecified, "", false, ExportKind.Audit, null, Severity.Unspecified, true },
        { "Detection", Severity.Unspecified, "", false, ExportKind.Audit, "berlin", Severity.High, false },
        { "Detection,Audit", Severity.Unspecified, "", false, ExportKind.Audit, "berlin", Severity.Unspecified, true },
        { "", Severity.Medium, "", false, ExportKind.Detection, "berlin", Severity.Low, false },
        { "", Severity.Medium, "", false, ExportKind.Detection, "berlin", Severity.Medium, true },
        { "", Severity.Low, "", false, ExportKind.Audit, "berlin", Severity.Unspecified, false },
        { "", Severity.Critical, "", false, ExportKind.Detection, "berlin", (Severity)99, true },
        { "", Severity.Unspecified, "berlin", false, ExportKind.Detection, "berlin", Severity.Low, true },
        { "", Severity.Unspecified, "berlin", false, ExportKind.Detection, "austin", Severity.Low, false },
        { "", Severity.Unspecified, "berlin", false, ExportKind.UserManagement, null, Severity.Low, false },
        { "", Severity.Unspecified, "", true, ExportKind.Decision, "berlin", Severity.Unspecified, false },
        { "", Severity.Unspecified, "", true, ExportKind.Decision, "berlin", Severity.Low, true },
        { "", Severity.Unspecified, "", true, ExportKind.Flow, "berlin", Severity.Unspecified, false },
        { "", Severity.Unspecified, "", true, ExportKind.Audit, "berlin", Severity.Unspecified, true },
        { "", Severity.Unspecified, "", false, ExportKind.Decision, "berlin", Severity.Unspecified, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_destination_receives_what_its_filter_allows(
        string kinds, Severity minimum, string plants, bool onlyDenials, ExportKind kind, string? plant, Severity severity, bool expected)
    {
        var filter = new ExportFilter(
            kinds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ExportKind>).ToHashSet(),
            minimum,
            plants.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            onlyDenials);

        Assert.Equal(expected, filter.Matches(new ExportRecord(kind, plant, T0, severity, "{}")));
    }

    [Fact]
    public void Allowed_decisions_are_wanted_only_by_a_destination_taking_all_decisions_at_informational_severity()
    {
        var none = new HashSet<string>();
        Assert.False(new ExportFilter(new HashSet<ExportKind>(), Severity.Unspecified, none, OnlyDenials: true).WantsAllows(ExportKind.Decision));
        Assert.True(new ExportFilter(new HashSet<ExportKind>(), Severity.Unspecified, none, OnlyDenials: false).WantsAllows(ExportKind.Decision));
        Assert.False(new ExportFilter(new HashSet<ExportKind>(), Severity.Low, none, OnlyDenials: false).WantsAllows(ExportKind.Decision));
        Assert.False(new ExportFilter(new HashSet<ExportKind> { ExportKind.Detection }, Severity.Unspecified, none, OnlyDenials: false).Wants(ExportKind.Decision));
    }
}
