namespace ZtFleet.Policy.Response.Cacao;

/// <summary>
/// When a playbook of the fleet was first applied and when it last changed (CACAO <c>created</c> and
/// <c>modified</c>). Kept by the fleet grain beside the response settings, updated by <see cref="PlaybookStamps"/>.
/// </summary>
/// <param name="Id">The playbook's id.</param>
/// <param name="Created">The apply that added it.</param>
/// <param name="Modified">The last apply that changed it (equal to <paramref name="Created"/> until then).</param>
public sealed record PlaybookStamp(string Id, DateTimeOffset Created, DateTimeOffset Modified);
