using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Quarantine;

/// <summary>Who asked for or decided a step: the subject of a token, or a playbook's name.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.QuarantineActor")]
public sealed record QuarantineActor(
    [property: Id(0)] string Subject,
    [property: Id(1)] QuarantineActorKind Kind)
{
    /// <summary>A person with the given subject.</summary>
    public static QuarantineActor Person(string subject) => new(subject, QuarantineActorKind.Person);

    public override string ToString() => Kind == QuarantineActorKind.Playbook ? $"playbook:{Subject}" : Subject;
}
