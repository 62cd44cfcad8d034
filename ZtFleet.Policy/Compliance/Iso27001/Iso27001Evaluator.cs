using ZtFleet.Policy.Compliance.Facts;
using ZtFleet.Policy.Compliance.Iec62443;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Compliance.Iso27001;

/// <summary>
/// The statement of applicability for one plant or for several (the fleet): each control of
/// <see cref="Iso27001Catalogue"/> implemented when every fact holds in every plant, partly when some do, not when none
/// does; a control ZtFleet cannot observe (or whose facts cannot tell) is attested by an attestation in force for every
/// plant, otherwise not implemented. Pure: time is a parameter.
/// </summary>
public static class Iso27001Evaluator
{
    /// <summary>The statement of applicability over <paramref name="plants"/> (one: a plant; all: the fleet).</summary>
    public static IReadOnlyList<ControlResult> Assess(IReadOnlyList<PlantComplianceFacts> plants, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plants);
        return Assess(plants.Select(p => new PlantFactBook(p, now)).ToList());
    }

    internal static IReadOnlyList<ControlResult> Assess(IReadOnlyList<PlantFactBook> books) =>
        Iso27001Catalogue.All.Select(c => Evaluate(c, books)).ToList();

    private static ControlResult Evaluate(Iso27001Control control, IReadOnlyList<PlantFactBook> books)
    {
        var evidence = books.SelectMany(b => control.Facts.Select(k => (Book: b, Evidence: b.AtPlant(k)))).ToList();
        var facts = evidence.Select(e => e.Evidence.Fact).ToList();
        var needsAttestation = control.Facts.Count == 0 ? books : evidence.Where(e => e.Evidence.Verdict == FactVerdict.Undecided).Select(e => e.Book).Distinct().ToList();
        ComplianceAttestation? attestation = null;
        var attestedEverywhere = true;
        foreach (var book in needsAttestation)
        {
            var found = ComplianceAttestations.Find(book.Facts.Attestations, control.Id, book.Plant, [], book.Now);
            facts.Add(Iec62443Evaluator.AttestationFactFor(control.Id, found, book.Plant, new ComplianceSubject(EntityKind.Plant, book.Plant.Value, book.Plant)));
            attestation ??= found;
            attestedEverywhere &= found is not null;
        }

        if (control.Facts.Count == 0)
        {
            var attested = books.Count > 0 && attestedEverywhere;
            return new ControlResult(
                control.Id,
                control.Title,
                true,
                attested ? ControlStatus.Attested : ControlStatus.NotImplemented,
                control.Justification + (attested ? " Attested." : " No attestation in force."),
                facts,
                control.RelatedRequirements,
                attestation);
        }

        var holding = evidence.Count(e => e.Evidence.Verdict is FactVerdict.Holds or FactVerdict.NotApplicable
            || (e.Evidence.Verdict == FactVerdict.Undecided && attestedEverywhere));
        var status = holding == evidence.Count ? ControlStatus.Implemented
            : holding == 0 ? ControlStatus.NotImplemented
            : ControlStatus.PartiallyImplemented;
        return new ControlResult(control.Id, control.Title, true, status, control.Justification, facts, control.RelatedRequirements, attestation);
    }
}
