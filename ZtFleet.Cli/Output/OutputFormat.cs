namespace ZtFleet.Cli.Output;

/// <summary>How results are written (<c>--output</c>).</summary>
internal enum OutputFormat
{
    /// <summary>Aligned columns for a person (the default).</summary>
    Table,

    /// <summary>The API's answer as protobuf JSON (every field, camelCase), for scripts and jq.</summary>
    Json,

    /// <summary>The table's columns as RFC 4180 CSV, safe to open in a spreadsheet.</summary>
    Csv,
}
