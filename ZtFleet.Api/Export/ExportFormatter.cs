using ZtFleet.Policy.Export;

namespace ZtFleet.Api.Export;

/// <summary>The formatter of the export: the pure core's formats (<c>ZtFleet.Policy/Export</c>) per destination.</summary>
internal sealed class ExportFormatter : IExportFormatter
{
    public string Format(ExportRecord record, ExportDestination destination) =>
        throw new NotSupportedException("The export formats are not wired yet (merge of the formats branch pending).");
}
