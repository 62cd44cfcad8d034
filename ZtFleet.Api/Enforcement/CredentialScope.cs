using ZtFleet.Api.Security;

namespace ZtFleet.Api.Enforcement;

/// <summary>
/// What the machine credentials may call: an enrollment token only <c>Enroll</c>; an enforcement point only its
/// delta stream, acknowledgements, heartbeats, decisions, telemetry, and the MFA events it relays (a jump host passes
/// on the user's authentication); a sensor only telemetry and heartbeats. Everything else is refused before any
/// service runs; the services then ask the <see cref="Authorizer"/>, which says the same per action.
/// </summary>
internal static class CredentialScope
{
    public const string Enroll = "/ztfleet.v1.EnforcementService/Enroll";
    public const string Watch = "/ztfleet.v1.EnforcementService/Watch";
    public const string Ack = "/ztfleet.v1.EnforcementService/Ack";
    public const string Heartbeat = "/ztfleet.v1.EnforcementService/Heartbeat";
    public const string DecisionService = "/ztfleet.v1.DecisionService/";

    /// <summary>Rulesets of the zones a point guards (flow decisions are in <see cref="DecisionService"/>).</summary>
    public const string GetRuleset = "/ztfleet.v1.FlowService/GetRuleset";
    public const string AssertMfa = "/ztfleet.v1.AccessService/AssertMfa";
    public const string Ingest = "/ztfleet.v1.TelemetryService/Ingest";

    /// <summary>True when <paramref name="role"/> may call <paramref name="method"/> (administrative roles: always).</summary>
    public static bool Allows(Role role, string method) => role switch
    {
        Role.Enrollment => method == Enroll,
        Role.EnforcementPoint => method is Watch or Ack or Heartbeat or AssertMfa or GetRuleset or Ingest || method.StartsWith(DecisionService, StringComparison.Ordinal),
        Role.Sensor => method is Ingest or Heartbeat,
        _ => true,
    };
}
