using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;

namespace ZtFleet.Cli.Fleet;

/// <summary>
/// Follows a decided apply with GetApplyStatus until every plant and identity has committed it, drawing a progress
/// bar on a terminal. Ctrl+C stops following only: the control plane keeps committing on its own.
/// </summary>
internal static class ApplyFollower
{
    public static async Task<GetApplyStatusResponse?> WaitAsync(Call call, string applyId, string label)
    {
        if (applyId.Length == 0)
        {
            return null;
        }

        var client = new FleetService.FleetServiceClient(call.Session.Channel);
        using var bar = call.Printer.Progress(label);
        string? lastError = null;
        while (true)
        {
            var status = await client.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = applyId }, call.Options);
            var total = status.PlantsTotal + status.IdentitiesTotal;
            var done = status.PlantsCommitted + status.IdentitiesCommitted;
            bar.Report(done, total, $"plants {status.PlantsCommitted}/{status.PlantsTotal}, identities {status.IdentitiesCommitted}/{status.IdentitiesTotal}");
            if (status.State != ApplyState.Committing)
            {
                return status;
            }

            if (status.LastError.Length > 0 && status.LastError != lastError)
            {
                lastError = status.LastError;
                call.Printer.Note($"still committing (retrying): {status.LastError}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), call.CancellationToken);
        }
    }
}
