// TEMPORARY: stands in for the pure core's ZoneSpec.FailMode / FailStaticMinutes (the lead is adding them in main).
// Delete this file after merging main; the real instance properties then take over with the same names.
namespace ZtFleet.Policy.Inventory
{
    /// <summary>What an enforcement point does for a zone when it loses the control plane (shim).</summary>
    public enum ZoneFailMode
    {
        Closed,
        Static,
    }

    internal static class ZoneFailModeShim
    {
        extension(ZoneSpec zone)
        {
            public ZoneFailMode FailMode => ZoneFailMode.Closed;

            public int? FailStaticMinutes => null;
        }
    }
}
