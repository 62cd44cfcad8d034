using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Fleet;

/// <inheritdoc cref="IFleetGrain"/>
/// <remarks>
/// Applying is a two-phase change. Every plant and identity that changes first stages its new state (persisted,
/// not visible). Only when all have staged does this grain persist the decision (<see cref="PendingApply"/>) and
/// ask each to commit. A failure while staging changes nothing visible; a crash after the decision is finished on
/// the next activation, so a document is applied completely or not at all.
/// </remarks>
[GrainType("fleet")]
public sealed class FleetGrain(
    [PersistentState("fleet", ProviderNames.Storage)] IPersistentState<FleetGrainState> state,
    ILogger<FleetGrain> logger) : Grain, IFleetGrain
{
    /// <summary>The current fleet, gathered once per activation and kept up to date by applies.</summary>
    private FleetDocument? _current;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending is { } pending)
        {
            logger.LogWarning("Finishing apply {ApplyId} that was decided before the last deactivation", pending.ApplyId);
            await CommitAsync(pending, cancellationToken);
        }
    }

    public async Task<FleetApplyResult> ApplyAsync(FleetDocument desired, FleetApplyOptions options, CancellationToken cancellationToken = default)
    {
        var current = await CurrentAsync(cancellationToken);
        var changes = FleetDiff.Compute(current, desired, options.Prune);
        var resulting = FleetDiff.ApplyTo(current, desired, options.Prune);
        var violations = FleetDocumentValidator.Validate(resulting);
        if (violations.Count > 0)
        {
            return new FleetApplyResult(false, state.State.Generation, changes, violations);
        }

        if (options.DryRun || (changes.Count == 0 && resulting.Name == current.Name && ContentEquality.Same(resulting.EffectivePolicy, current.EffectivePolicy)))
        {
            return new FleetApplyResult(false, state.State.Generation, changes, []);
        }

        var applyId = Guid.NewGuid();
        var plantChanges = PlantDefinitions(resulting);
        var currentPlants = PlantDefinitions(current);
        var plantsToStage = new List<(PlantId Plant, PlantDefinition? Definition)>();
        foreach (var (plant, definition) in plantChanges)
        {
            if (!currentPlants.TryGetValue(plant, out var before) || !ContentEquality.Same(before, definition))
            {
                plantsToStage.Add((plant, definition));
            }
        }

        plantsToStage.AddRange(currentPlants.Keys.Where(p => !plantChanges.ContainsKey(p)).Select(p => (p, (PlantDefinition?)null)));

        var currentIdentities = current.Identities.ToDictionary(i => i.Id);
        var resultingIds = resulting.Identities.Select(i => i.Id).ToHashSet();
        var identitiesToStage = resulting.Identities
            .Where(i => !currentIdentities.TryGetValue(i.Id, out var before) || !ContentEquality.Same(before, i))
            .Select(i => (i.Id, (IdentitySpec?)i))
            .Concat(currentIdentities.Keys.Where(id => !resultingIds.Contains(id)).Select(id => (id, (IdentitySpec?)null)))
            .ToList();

        await FanOut.RunAsync(plantsToStage, p => GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(p.Plant)).StageAsync(applyId, p.Definition, cancellationToken));
        await FanOut.RunAsync(identitiesToStage, i => GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(i.Item1)).StageAsync(applyId, i.Item2, cancellationToken));

        var pending = new PendingApply(applyId, plantsToStage.Select(p => p.Plant).ToList(), identitiesToStage.Select(i => i.Item1).ToList());
        state.State.Name = resulting.Name;
        state.State.Roles = resulting.DefinedRoles.ToList();
        state.State.Policy = resulting.Policy;
        state.State.Generation++;
        state.State.Plants = resulting.Plants.Select(p => p.Id).ToList();
        state.State.Identities = resulting.Identities.Select(i => i.Id).ToList();
        state.State.Pending = pending;
        await state.WriteStateAsync(cancellationToken);
        _current = resulting;

        await CommitAsync(pending, cancellationToken);
        logger.LogInformation(
            "Fleet generation {Generation} applied by {Actor}: {Changes} changes over {Plants} plants and {Identities} identities",
            state.State.Generation, options.Actor, changes.Count, pending.Plants.Count, pending.Identities.Count);
        return new FleetApplyResult(true, state.State.Generation, changes, []);
    }

    public async Task<FleetDocument> ExportAsync(CancellationToken cancellationToken = default) =>
        await CurrentAsync(cancellationToken);

    public Task<FleetOverview> GetOverviewAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new FleetOverview(state.State.Name, state.State.Generation, state.State.Plants.ToList(), state.State.Identities.ToList()));

    private async Task CommitAsync(PendingApply pending, CancellationToken cancellationToken)
    {
        await FanOut.RunAsync(pending.Plants, p => GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(p)).CommitAsync(pending.ApplyId, cancellationToken));
        await FanOut.RunAsync(pending.Identities, i => GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(i)).CommitAsync(pending.ApplyId, cancellationToken));
        state.State.Pending = null;
        await state.WriteStateAsync(cancellationToken);
    }

    private async Task<FleetDocument> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            return _current;
        }

        var plants = new PlantSpec?[state.State.Plants.Count];
        await FanOut.RunAsync(
            Enumerable.Range(0, plants.Length).ToList(),
            async i => plants[i] = (await GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(state.State.Plants[i])).GetDefinitionAsync(cancellationToken))?.Spec);
        var identities = new IdentitySpec?[state.State.Identities.Count];
        await FanOut.RunAsync(
            Enumerable.Range(0, identities.Length).ToList(),
            async i => identities[i] = await GrainFactory.GetGrain<IIdentityGrain>(GrainKeys.Identity(state.State.Identities[i])).GetAsync(cancellationToken));

        _current = new FleetDocument(
            state.State.Name,
            plants.OfType<PlantSpec>().ToList(),
            identities.OfType<IdentitySpec>().ToList(),
            state.State.Roles,
            state.State.Policy);
        return _current;
    }

    /// <summary>Each plant with the identities assigned to it: what a plant grain holds.</summary>
    private static Dictionary<PlantId, PlantDefinition> PlantDefinitions(FleetDocument fleet) =>
        fleet.Plants.ToDictionary(
            p => p.Id,
            p => new PlantDefinition(
                p,
                fleet.Identities.Where(i => i.Assignments.Any(a => a.Plant == p.Id)).OrderBy(i => i.Id.Value, StringComparer.Ordinal).ToList(),
                fleet.DefinedRoles,
                fleet.EffectivePolicy));
}
