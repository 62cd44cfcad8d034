using Google.Protobuf.WellKnownTypes;
using ZtFleet.Grains.Propagation;
using ZtFleet.Api.V1;

namespace ZtFleet.Api.Enforcement;

/// <summary>Grain records of propagation to their protobuf messages.</summary>
internal static class EnforcementMapping
{
    public static WatchResponse ToProto(this DeltaRecord record) => new()
    {
        Epoch = record.Epoch,
        Kind = record.Kind,
        Payload = record.Payload,
        At = Timestamp.FromDateTimeOffset(record.At),
    };

    public static Timestamp? ToTimestamp(this DateTimeOffset? value) =>
        value is { } at ? Timestamp.FromDateTimeOffset(at) : null;
}
