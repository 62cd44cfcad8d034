namespace ZtFleet.Policy.Compliance;

/// <summary>
/// One observation of live state used as evidence: a stable <see cref="Key"/> (<c>identities.mfa</c>), a sentence an
/// assessor reads (<c>3 of 4 humans who can reach zone cell-1 enrol MFA</c>), whether it holds, and the entities that
/// make it fail (or hold).
/// </summary>
public sealed record ComplianceFact(string Key, string Statement, bool Holds, IReadOnlyList<ComplianceSubject> Subjects);
