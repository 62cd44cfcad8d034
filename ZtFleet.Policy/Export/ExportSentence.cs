namespace ZtFleet.Policy.Export;

/// <summary>
/// A record as one English sentence a person reads in a receiver's file or a chat message: syslog MSG (when chosen),
/// CEF <c>msg</c>, the webhook's <c>summary</c>.
/// </summary>
public static class ExportSentence
{
    /// <summary>The sentence for <paramref name="record"/>.</summary>
    public static string Of(ExportRecord record) => ExportFacts.Of(record).Sentence;
}
