namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>A fact as an assessor reads it, with what it says about the requirement that uses it.</summary>
internal sealed record Evidence(ComplianceFact Fact, FactVerdict Verdict)
{
    public static Evidence Of(string key, FactVerdict verdict, string statement, IReadOnlyList<ComplianceSubject>? subjects = null) =>
        new(new ComplianceFact(key, statement, verdict is FactVerdict.Holds or FactVerdict.NotApplicable, Cap(subjects ?? [])), verdict);

    public static Evidence Check(string key, bool holds, string statement, IReadOnlyList<ComplianceSubject>? subjects = null) =>
        Of(key, holds ? FactVerdict.Holds : FactVerdict.Fails, statement, subjects);

    /// <summary>A fact names at most this many subjects (its statement gives the count).</summary>
    public const int MaxSubjects = 100;

    private static IReadOnlyList<ComplianceSubject> Cap(IReadOnlyList<ComplianceSubject> subjects) =>
        subjects.Count <= MaxSubjects ? subjects : subjects.Take(MaxSubjects).ToList();
}
