using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>The Berlin sample fleet with a valid <c>response:</c> section, and ways to break it.</summary>
internal static class ResponseSamples
{
    /// <summary>Two playbooks: automatic write restriction on ordinary PLCs, recommendations for identities.</summary>
    public const string Section = """
        response:
          correlationWindowMinutes: 60
          autoActionsPerHour: 10
          playbooks:
            - id: contain-unexpected-writes
              description: Restrict writes on an ordinary PLC written outside its baseline
              trigger:
                detections: [function-code-outside-baseline, refused-write]
                minSeverity: high
                zoneKinds: [ot-control]
                assetTypes: [plc]
              steps:
                - { kind: alert, impact: 0 }
                - { kind: restrict-writes, impact: 40, mode: auto, revertAfterMinutes: 30 }
                - { kind: webhook, impact: 0, mode: auto, url: "https://soar.example.com/hook" }
            - id: vendor-account-abuse
              trigger:
                detections: [mfa-failure-burst, off-shift-access]
                minSeverity: medium
                incident: [cross-plant]
              steps:
                - { kind: step-up-mfa, impact: 10, revertAfterMinutes: 60 }
                - { kind: lock, impact: 30, revertAfterMinutes: 120 }
                - { kind: revoke-grants, impact: 20 }
        """;

    /// <summary>The Berlin sample with <paramref name="section"/> (the valid one unless given) as its <c>response:</c>.</summary>
    public static string Document(string section = Section) => $"{FleetSamples.Berlin}\n{section}\n";

    /// <summary>The sample with one exact piece of the section replaced (it must occur once).</summary>
    public static string With(string find, string replacement) =>
        Document(FleetSamples.Replace(find, replacement, Section));
}
