using System.Text.Json;
using Grpc.Core;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Flows;
using ZtFleet.Api.Mapping;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.FlowMap;
using ZtFleet.Policy.Text;
using SegmentationWhatIf = ZtFleet.Policy.Segmentation.SegmentationWhatIf;
using Domain = ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Fleet;

/// <summary>
/// <c>ztfleet.v1.FleetService</c>: validates at the edge with the pure core, calls the cluster, maps back.
/// Every applied change is audited here; refused requests are audited by <see cref="RefusalAuditInterceptor"/>.
/// </summary>
/// <remarks>
/// Documents are validated with <see cref="FleetValidationOptions"/> from the host (plain-HTTP webhooks only in the
/// Development environment), here and again by the fleet grain on the resulting fleet.
/// </remarks>
public sealed partial class FleetApiService(
    IClusterClient cluster, AuditWriter audit, PlantViewCache views, ControlPlaneClock time, FleetValidationOptions validation) : FleetService.FleetServiceBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;
    private const int DefaultObserved = 1000;
    private const int MaxObserved = 5_000;

    private IFleetGrain Fleet => cluster.GetGrain<IFleetGrain>(GrainKeys.Fleet);

    public override async Task<ApplyFleetResponse> ApplyFleet(ApplyFleetRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        // Whoever may preview every document (auditors too) previews whatever it names; everyone else only what they may apply.
        var previewsAll = request.DryRun && caller.IsAllowed(AdminAction.PreviewFleet);
        if (!previewsAll)
        {
            caller.Authorize(AdminAction.ApplyFleet);
        }

        CheckChangeNote(request.Reason, request.ChangeTicket);
        var overview = await Fleet.GetOverviewAsync(context.CancellationToken);
        var read = FleetDocumentReader.Read(request.Document, overview.Plants.ToHashSet(), null, validation);
        if (!read.IsValid)
        {
            throw new InvalidRequestException($"The fleet document has {read.Violations.Count} problem(s); nothing was applied.", read.Violations);
        }

        var document = read.Document!;
        if (!previewsAll)
        {
            AuthorizeApply(caller, document, request.Prune);
        }

        var options = new FleetApplyOptions(request.DryRun, request.Prune, caller.ToString(), request.Reason, request.ChangeTicket);
        var result = await ApplyAsync(document, options, context.CancellationToken);
        if (result.Violations.Count > 0)
        {
            throw new InvalidRequestException($"The resulting fleet has {result.Violations.Count} problem(s); nothing was applied.", result.Violations);
        }

        if (!request.DryRun)
        {
            await AuditChangedAsync(caller, "fleet.apply", result, options);
        }

        return await AnswerAsync(caller, document, request.DryRun, result, context);
    }

    /// <summary>What ApplyFleet (and RollbackFleet) answer: the diff, and the what-if of a dry run or the plants' epochs.</summary>
    private async Task<ApplyFleetResponse> AnswerAsync(Caller caller, FleetDocument document, bool dryRun, FleetApplyResult result, ServerCallContext context)
    {
        var response = new ApplyFleetResponse
        {
            Applied = result.Applied,
            Generation = result.Generation,
            ApplyId = IdOf(result.ApplyId),
            State = ToProto(result.State),
            Version = result.Version ?? 0,
        };
        response.Changes.AddRange(result.Changes.Select(c => c.ToProto()));
        if (dryRun)
        {
            response.FlowImpacts.AddRange(await FlowImpactsAsync(caller, document, result.Changes, context.CancellationToken));
        }
        else
        {
            var plants = (await Fleet.GetOverviewAsync(context.CancellationToken)).Plants.Where(p => caller.IsAllowed(AdminAction.ReadPlant, p)).OrderBy(p => p.Value, StringComparer.Ordinal).ToList();
            var committing = result.State == FleetApplyState.Committing;
            var epochs = await Task.WhenAll(plants.Select(p => UnlessCommittingAsync(
                committing, async () => (long?)await cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(p)).GetEpochAsync(context.CancellationToken), context.CancellationToken)));
            response.Epochs.AddRange(plants.Select((p, i) => (Plant: p, Epoch: epochs[i]))
                .Where(p => p.Epoch is not null)
                .Select(p => new PlantEpoch { PlantId = p.Plant.Value, Epoch = p.Epoch!.Value }));
        }

        return response;
    }

    /// <summary>
    /// Reads one plant for an answer that lists many. While an apply still commits, a plant that cannot answer yet (the
    /// one whose commit is being retried) is left out (null) rather than failing the whole answer, which says that an
    /// apply is committing; otherwise its failure is the answer's.
    /// </summary>
    private static async Task<T?> UnlessCommittingAsync<T>(bool committing, Func<Task<T?>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read();
        }
        catch (Exception) when (committing && !cancellationToken.IsCancellationRequested)
        {
            return default;
        }
    }

    /// <summary>
    /// What-if of a dry run: the declared flows of the existing plants whose segmentation the diff touches (zones,
    /// assets, conduits, flows, the plant's own fields such as maintenance windows) whose decision would turn: each
    /// plant's current view (definition, quarantines, identities, grants) against the same view with the document's
    /// definition of the plant (an apply replaces a plant whole). An identity's role change in the same document is not
    /// part of it.
    /// </summary>
    private async Task<List<FlowImpact>> FlowImpactsAsync(Caller caller, FleetDocument document, IReadOnlyList<Domain.EntityChange> changes, CancellationToken cancellationToken)
    {
        var segmentation = new[] { Domain.EntityKind.Plant, Domain.EntityKind.Zone, Domain.EntityKind.Asset, Domain.EntityKind.Conduit, Domain.EntityKind.Flow };
        // A plant the document adds has no flows to turn yet; one it prunes has none left.
        var comingOrGoing = changes
            .Where(c => c.Kind == Domain.EntityKind.Plant && c.Change != Domain.ChangeKind.Changed)
            .Select(c => c.PlantId)
            .ToHashSet(StringComparer.Ordinal);
        var touched = changes
            .Where(c => c.PlantId is not null && segmentation.Contains(c.Kind) && !comingOrGoing.Contains(c.PlantId))
            .Select(c => c.PlantId!)
            .ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var impacts = new List<FlowImpact>();
        foreach (var plant in document.Plants.Where(p => touched.Contains(p.Id.Value) && caller.IsAllowed(AdminAction.ReadPlant, p.Id)).OrderBy(p => p.Id.Value, StringComparer.Ordinal))
        {
            var before = await views.GetAsync(plant.Id, 0, cancellationToken);
            var after = before.Apply(new PlantDefinitionChanged(before.Epoch + 1, now, plant, before.Roles, before.Policy));
            foreach (var impact in SegmentationWhatIf.Compare(before, after, now))
            {
                impacts.Add(new FlowImpact
                {
                    PlantId = plant.Id.Value,
                    FlowId = impact.Flow.Value,
                    FromAssetId = impact.From.Value,
                    ToAssetId = impact.To.Value,
                    Protocol = InventoryVocabulary.Name(impact.Protocol),
                    Port = impact.Port,
                    Operation = impact.Operation ?? string.Empty,
                    Before = impact.Before.ToProto(before.Epoch),
                    After = impact.After.ToProto(after.Epoch),
                });
            }
        }

        return impacts;
    }

    public override async Task<ExportFleetResponse> ExportFleet(ExportFleetRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var fleet = await Fleet.ExportAsync(context.CancellationToken);

        // Read after the document: an apply that finished in between is reported as finished, which is then true.
        var overview = await Fleet.GetOverviewAsync(context.CancellationToken);
        var visible = fleet with
        {
            Plants = fleet.Plants.Where(p => caller.IsAllowed(AdminAction.ReadPlant, p.Id)).ToList(),
            Identities = fleet.Identities
                .Where(i => Authorizer.DecideAcross(caller.Principal, AdminAction.ReadIdentity, i.Assignments.Select(a => a.Plant)).IsAllowed)
                .Select(i => i with { Assignments = i.Assignments.Where(a => caller.IsAllowed(AdminAction.ReadPlant, a.Plant)).ToList() })
                .ToList(),
            Response = fleet.Response is { } response ? PlaybookVisibility.Visible(caller.Principal, response) : null,
            Compliance = fleet.Compliance is { } compliance
                ? new ComplianceSettings(compliance.Attestations.Where(a => a.Plant is not { } p || caller.IsAllowed(AdminAction.ReadPlant, p)).ToList())
                : null,
        };
        return new ExportFleetResponse
        {
            Document = FleetDocumentWriter.ToYaml(visible),
            Generation = overview.Generation,
            CommittingApplyId = IdOf(overview.CommittingApplyId),
        };
    }

    public override async Task<ExportPlaybooksResponse> ExportPlaybooks(ExportPlaybooksRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        caller.Authorize(AdminAction.ReadPlaybooks);
        if (request.PlaybookId.Length > 0 && !EntityId.IsValid(request.PlaybookId))
        {
            throw InvalidRequestException.Field("playbook_id", EntityId.Describe(request.PlaybookId));
        }

        var settings = await Fleet.GetResponseSettingsAsync(context.CancellationToken);
        var stamps = (await Fleet.GetPlaybookStampsAsync(context.CancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var overview = await Fleet.GetOverviewAsync(context.CancellationToken);
        var visible = PlaybookVisibility.Visible(caller.Principal, settings).Playbooks
            .Where(p => request.PlaybookId.Length == 0 || p.Id == request.PlaybookId)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        if (request.PlaybookId.Length > 0 && visible.Count == 0)
        {
            // The same answer whether it does not exist or the caller may not read it.
            throw new NotFoundException($"Playbook '{request.PlaybookId}'");
        }

        var now = time.GetUtcNow();
        var response = new ExportPlaybooksResponse { Generation = overview.Generation };
        foreach (var playbook in visible)
        {
            // A playbook applied before its times were kept has none: it is stamped with the time of the export.
            var stamp = stamps.GetValueOrDefault(playbook.Id) ?? new Policy.Response.Cacao.PlaybookStamp(playbook.Id, now, now);
            response.Playbooks.Add(new CacaoPlaybook
            {
                PlaybookId = playbook.Id,
                CacaoId = Policy.Response.Cacao.CacaoIds.Playbook(playbook.Id),
                Json = Policy.Response.Cacao.CacaoPlaybookExport.ToJson(playbook, stamp.Created, stamp.Modified),
            });
        }

        return response;
    }

    public override async Task<ListPlantsResponse> ListPlants(ListPlantsRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var overview = await Fleet.GetOverviewAsync(context.CancellationToken);
        var summaries = await Task.WhenAll(overview.Plants
            .Where(p => caller.IsAllowed(AdminAction.ReadPlant, p))
            .Select(p => UnlessCommittingAsync(
                overview.CommittingApplyId is not null,
                () => cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(p)).GetSummaryAsync(context.CancellationToken),
                context.CancellationToken)));
        // Read after the plants, so an apply that finished while they answered is not reported as still running.
        var committing = (await Fleet.GetOverviewAsync(context.CancellationToken)).CommittingApplyId;
        var response = new ListPlantsResponse { CommittingApplyId = IdOf(committing) };
        response.Plants.AddRange(summaries.OfType<PlantSummaryData>().OrderBy(p => p.Id.Value, StringComparer.Ordinal).Select(p => new PlantSummary
        {
            PlantId = p.Id.Value,
            Name = p.Name,
            TimeZone = p.TimeZone,
            Zones = p.Zones.Count,
            Assets = p.Assets,
            Conduits = p.Conduits,
            Flows = p.Flows,
            Identities = p.Identities,
        }));
        return response;
    }

    public override async Task<ListAssetsResponse> ListAssets(ListAssetsRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = await VisiblePlantAsync(caller, request.PlantId, "plant_id", context);
        var filter = ToFilter(request);
        var pageSize = request.PageSize switch
        {
            0 => DefaultPageSize,
            < 0 or > MaxPageSize => throw InvalidRequestException.Field("page_size", $"must be between 1 and {MaxPageSize}"),
            var size => size,
        };
        var offset = 0;
        if (request.PageToken.Length > 0 && (!int.TryParse(request.PageToken, out offset) || offset < 0))
        {
            throw InvalidRequestException.Field("page_token", "is not a token this service issued");
        }

        var page = await cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant.Id)).QueryAssetsAsync(filter, offset, pageSize, context.CancellationToken);
        var response = new ListAssetsResponse { Total = page.Total };
        response.Assets.AddRange(page.Items.Select(a => a.ToProto(plant.Id, plant.Zones)));
        if (offset + page.Items.Count < page.Total)
        {
            response.NextPageToken = (offset + page.Items.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return response;
    }

    public override async Task<GetAssetResponse> GetAsset(GetAssetRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = await VisiblePlantAsync(caller, request.PlantId, "plant_id", context);
        var assetId = ParseId<AssetId>(request.AssetId, "asset_id");
        var facts = await cluster.GetGrain<IAssetGrain>(GrainKeys.Asset(plant.Id, assetId)).GetFactsAsync(context.CancellationToken)
            ?? throw new NotFoundException($"Asset '{assetId}'");
        return new GetAssetResponse { Asset = facts.ToProto(plant.Id, plant.Zones) };
    }

    public override async Task<GetFlowMapResponse> GetFlowMap(GetFlowMapRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = (await VisibleDefinitionAsync(caller, request.PlantId, "plant_id", context)).Spec;
        if (request.Format is not (FlowMapFormat.Unspecified or FlowMapFormat.Mermaid or FlowMapFormat.Graphviz))
        {
            throw InvalidRequestException.Field("format", "is not a known flow map format");
        }

        var maxObserved = request.MaxObserved switch
        {
            0 => DefaultObserved,
            < 0 or > MaxObserved => throw InvalidRequestException.Field("max_observed", $"must be between 1 and {MaxObserved} (0: {DefaultObserved})"),
            var n => n,
        };

        // Observed flows only when asked: a client that does not know them gets the map it always got.
        DeclaredVersusObserved? observed = null;
        ObservedFlowList? kept = null;
        if (request.IncludeObserved)
        {
            kept = await cluster.GetGrain<IObservedFlowGrain>(GrainKeys.Plant(plant.Id)).ReadAsync(context.CancellationToken);
            observed = Policy.Monitoring.FlowMap.FlowCoverage.Compare(plant, kept.Flows, time.GetUtcNow());
        }

        var counts = plant.Assets.CountBy(a => a.Zone).ToDictionary();
        var response = new GetFlowMapResponse
        {
            Text = request.Format switch
            {
                FlowMapFormat.Mermaid => FlowMapRenderer.ToMermaid(plant, observed),
                FlowMapFormat.Graphviz => FlowMapRenderer.ToGraphviz(plant, observed),
                _ => string.Empty,
            },
        };
        response.Zones.AddRange(plant.Zones.Select(z => z.ToProto(counts.GetValueOrDefault(z.Id))));
        response.Conduits.AddRange(plant.Conduits.Select(c => c.ToProto()));
        response.Flows.AddRange(plant.Flows.Select(f => f.ToProto()));
        if (observed is not null)
        {
            response.ObservedFlows.AddRange(observed.Observed.Take(maxObserved).Select(o => o.ToProto()));
            response.ObservedTotal = observed.Observed.Count;
            response.ObservedNotCovered = observed.Observed.Count(o => o.Status != CoverageStatus.Covered);
            response.UnobservedFlowIds.AddRange(observed.UnobservedFlows.Select(f => f.Value));
            response.ObservedFlowIds.AddRange(observed.ObservedFlows.Select(f => f.Value));
            response.UnusedConduitIds.AddRange(observed.UnusedConduits.Select(c => c.Value));
            response.ObservedEventsNotKept = kept!.EventsNotKept;
        }

        return response;
    }

    public override async Task<ProposeFlowsResponse> ProposeFlows(ProposeFlowsRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = (await VisibleDefinitionAsync(caller, request.PlantId, "plant_id", context)).Spec;
        caller.Authorize(AdminAction.ProposeFlows, plant.Id);
        if (request.FlowKeys.Count == 0)
        {
            throw InvalidRequestException.Field("flow_keys", "is required: the keys of the observed flows to declare (GetFlowMap with include_observed lists them)");
        }

        var observed = (await cluster.GetGrain<IObservedFlowGrain>(GrainKeys.Plant(plant.Id)).ListAsync(context.CancellationToken))
            .ToDictionary(f => f.Key, StringComparer.Ordinal);
        var violations = new List<Violation>();
        var chosen = new List<Policy.Monitoring.Telemetry.ObservedFlow>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.FlowKeys.Count; i++)
        {
            var key = request.FlowKeys[i];
            if (!named.Add(key))
            {
                violations.Add(new Violation($"flow_keys[{i}]", "names the same observed flow again"));
            }
            else if (observed.TryGetValue(key, out var flow))
            {
                chosen.Add(flow);
            }
            else
            {
                violations.Add(new Violation($"flow_keys[{i}]", $"no flow observed at plant '{plant.Id}' has this key"));
            }
        }

        if (violations.Count > 0)
        {
            throw new InvalidRequestException($"{violations.Count} of the chosen flow keys are not observed flows of the plant; nothing was proposed.", violations);
        }

        var now = time.GetUtcNow();
        var proposal = FlowProposals.Propose(plant, chosen, now);
        if (proposal.Refusals.Count > 0)
        {
            throw new InvalidRequestException(
                $"{proposal.Refusals.Count} of the chosen flows cannot be declared; nothing was proposed.",
                [.. proposal.Refusals.Select(r => new Violation($"flow_keys[{r.Index}]", r.Reason))]);
        }

        // The plant whole and nothing else, as ImportAssetsCsv applies: whoever may apply to the plant may apply this,
        // and applied without prune it changes no other plant and no identity.
        var overview = await Fleet.GetOverviewAsync(context.CancellationToken);
        var current = FleetDocumentWriter.ToYaml(new FleetDocument(overview.Name, [plant], []));
        var proposed = FleetDocumentWriter.ToYaml(new FleetDocument(overview.Name, [proposal.Plant], []));

        // What ApplyFleet will read from the text is what is previewed.
        var read = FleetDocumentReader.Read(proposed, overview.Plants.ToHashSet(), null, validation);
        if (!read.IsValid)
        {
            throw new InvalidRequestException($"The proposed document has {read.Violations.Count} problem(s); nothing was proposed.", read.Violations);
        }

        var result = await ApplyAsync(read.Document!, new FleetApplyOptions(DryRun: true, Prune: false, caller.ToString()), context.CancellationToken);
        if (result.Violations.Count > 0)
        {
            throw new InvalidRequestException(
                $"Declaring these flows would break {result.Violations.Count} rule(s) of the fleet document; nothing was proposed.", result.Violations);
        }

        var response = new ProposeFlowsResponse
        {
            Document = proposed,
            Diff = LineDiff.Unified(current, proposed, $"plant {plant.Id} (current)", $"plant {plant.Id} (proposed)"),
            Generation = result.Generation,
        };
        response.Changes.AddRange(result.Changes.Select(c => c.ToProto()));
        response.FlowImpacts.AddRange(await FlowImpactsAsync(caller, read.Document!, result.Changes, context.CancellationToken));
        response.Proposals.AddRange(proposal.Changes.Select(c => c.ToProto()));
        return response;
    }

    public override async Task<RankCriticalAssetsResponse> RankCriticalAssets(RankCriticalAssetsRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var top = request.Top switch
        {
            0 => 20,
            < 0 or > 1000 => throw InvalidRequestException.Field("top", "must be between 1 and 1000"),
            var n => n,
        };
        IReadOnlyList<PlantId> plants;
        if (request.PlantId.Length > 0)
        {
            plants = [(await VisiblePlantAsync(caller, request.PlantId, "plant_id", context)).Id];
        }
        else
        {
            plants = (await Fleet.GetOverviewAsync(context.CancellationToken)).Plants.Where(p => caller.IsAllowed(AdminAction.ReadPlant, p)).ToList();
        }

        var perPlant = await Task.WhenAll(plants.Select(async p =>
        {
            var grain = cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(p));
            return (Summary: await grain.GetSummaryAsync(context.CancellationToken), Ranked: await grain.RankAssetsAsync(top, context.CancellationToken));
        }));
        var zones = perPlant.Where(p => p.Summary is not null).ToDictionary(p => p.Summary!.Id, p => p.Summary!.Zones);
        var merged = perPlant
            .SelectMany(p => p.Ranked)
            .OrderByDescending(r => r.Score)
            .ThenByDescending(r => r.Asset.Criticality)
            .ThenBy(r => r.Plant.Value, StringComparer.Ordinal)
            .ThenBy(r => r.Asset.Id.Value, StringComparer.Ordinal)
            .Take(top)
            .Select((r, i) =>
            {
                var message = new V1.RankedAsset
                {
                    Rank = i + 1,
                    Asset = r.Asset.ToProto(r.Plant, zones[r.Plant]),
                    Score = r.Score,
                    ZonesReaching = r.Exposure.ZonesReaching,
                    ConduitsReaching = r.Exposure.ConduitsReaching,
                    IdentitiesReaching = r.Exposure.IdentitiesReaching,
                    KnownVulnerabilities = r.Exposure.KnownVulnerabilities,
                };
                message.Reasons.AddRange(r.Reasons);
                return message;
            });
        var response = new RankCriticalAssetsResponse();
        response.Assets.AddRange(merged);
        return response;
    }

    public override async Task<GetBlastRadiusResponse> GetBlastRadius(GetBlastRadiusRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = await VisiblePlantAsync(caller, request.PlantId, "plant_id", context);
        var assetId = ParseId<AssetId>(request.AssetId, "asset_id");
        var radius = await cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant.Id)).GetBlastRadiusAsync(assetId, context.CancellationToken)
            ?? throw new NotFoundException($"Asset '{assetId}'");
        var response = new GetBlastRadiusResponse { AssetId = radius.Origin.Value };
        response.ZonesReached.AddRange(radius.ZonesReached.Select(z => z.Value));
        response.Reached.AddRange(radius.Reached.Select(r =>
        {
            var message = new V1.ReachedAsset { AssetId = r.Asset.Value, Hops = r.Hops };
            message.Path.AddRange(r.Path);
            return message;
        }));
        return response;
    }

    public override async Task<GetApplyStatusResponse> GetApplyStatus(GetApplyStatusRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        if (!Guid.TryParse(request.ApplyId, out var applyId))
        {
            throw InvalidRequestException.Field("apply_id", "is not an apply id this service issued");
        }

        var status = await Fleet.GetApplyStatusAsync(applyId, context.CancellationToken)
            ?? throw new NotFoundException($"Apply '{applyId}'");

        // A plant admin (or approver) sees applies that change one of its plants, and learns nothing of the others,
        // not even that they exist.
        caller.AuthorizeAcross(AdminAction.ReadPlant, status.Plants, $"Apply '{applyId}'");

        return new GetApplyStatusResponse
        {
            ApplyId = status.ApplyId.ToString(),
            State = ToProto(status.State),
            Generation = status.Generation,
            PlantsTotal = status.Plants.Count,
            PlantsCommitted = status.PlantsCommitted,
            IdentitiesTotal = status.IdentitiesTotal,
            IdentitiesCommitted = status.IdentitiesCommitted,
            LastError = status.LastError ?? string.Empty,
            StartedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(status.StartedAt),
            UpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(status.UpdatedAt),
        };
    }

    /// <summary>Applies through the fleet grain (a different apply still committing is refused there: ABORTED).</summary>
    private Task<FleetApplyResult> ApplyAsync(FleetDocument document, FleetApplyOptions options, CancellationToken cancellationToken) =>
        MeasuredApplyAsync(options, () => Fleet.ApplyAsync(document, options with { Validation = validation }, cancellationToken));

    /// <summary>Runs an apply and records its duration (<c>ztfleet.fleet.apply.duration</c>, docs/metrics.md).</summary>
    private static async Task<FleetApplyResult> MeasuredApplyAsync(FleetApplyOptions options, Func<Task<FleetApplyResult>> apply)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await apply();
            outcome = result.Violations.Count > 0 ? "refused" : options.DryRun ? "dry-run" : result.Applied ? "applied" : "unchanged";
            return result;
        }
        finally
        {
            ZtFleet.Grains.Diagnostics.ZtFleetMetrics.ApplyDuration.Record(
                ZtFleet.Grains.Diagnostics.ZtFleetMetrics.SecondsSince(started),
                new KeyValuePair<string, object?>("source", options.Source.ToString().ToLowerInvariant()),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private static string IdOf(Guid? applyId) => applyId?.ToString() ?? string.Empty;

    private static ApplyState ToProto(FleetApplyState state) => state switch
    {
        FleetApplyState.Committed => ApplyState.Committed,
        FleetApplyState.Committing => ApplyState.Committing,
        _ => ApplyState.Unspecified,
    };

    /// <summary>What the document does, each asked of the authorizer: pruning, identities, every plant it names.</summary>
    private static void AuthorizeApply(Caller caller, FleetDocument document, bool prune)
    {
        if (prune)
        {
            caller.Authorize(AdminAction.Prune);
        }

        if (document.Identities.Count > 0)
        {
            caller.Authorize(AdminAction.ChangeIdentities);
        }

        // Playbooks act across plants: only fleet admins declare them, even when they are scoped to one plant.
        if (document.Response is not null)
        {
            caller.Authorize(AdminAction.ChangeResponse);
        }

        // The compliance: section is complete: it replaces the attestations of every plant.
        if (document.Compliance is not null)
        {
            caller.Authorize(AdminAction.ChangeAttestations);
        }

        // PERMISSION_DENIED whether a foreign plant exists or not: a plant admin learns nothing about it.
        foreach (var plant in document.Plants)
        {
            caller.Authorize(AdminAction.ApplyFleet, plant.Id);
        }
    }

    /// <summary>A plant the caller may see, without its assets (cheap: most calls need no more).</summary>
    private Task<PlantSummaryData> VisiblePlantAsync(Caller caller, string plantId, string field, ServerCallContext context) =>
        VisibleAsync(caller, plantId, field, context, plant => plant.GetSummaryAsync(context.CancellationToken));

    /// <summary>A plant the caller may see, its whole definition (megabytes on a large plant: only where every asset counts).</summary>
    private Task<PlantDefinition> VisibleDefinitionAsync(Caller caller, string plantId, string field, ServerCallContext context) =>
        VisibleAsync(caller, plantId, field, context, plant => plant.GetDefinitionAsync(context.CancellationToken));

    private async Task<T> VisibleAsync<T>(Caller caller, string plantId, string field, ServerCallContext context, Func<IPlantGrain, Task<T?>> read)
        where T : class
    {
        var id = ParseId<PlantId>(plantId, field);
        caller.Authorize(AdminAction.ReadPlant, id);

        if (await read(cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(id))) is { } found)
        {
            return found;
        }

        // A plant the fleet lists but whose grain has not committed it yet exists: it is on its way, not missing.
        var overview = await Fleet.GetOverviewAsync(context.CancellationToken);
        if (overview.CommittingApplyId is { } applyId && overview.Plants.Contains(id))
        {
            throw FleetApplyRefusals.StillCommitting(applyId);
        }

        throw new NotFoundException($"Plant '{id}'");
    }

    private static TId ParseId<TId>(string value, string field)
        where TId : struct, IEntityId<TId> =>
        TId.TryParse(value, out var id) ? id : throw InvalidRequestException.Field(field, EntityId.Describe(value));

    private static AssetFilter ToFilter(ListAssetsRequest request)
    {
        var violations = new List<Violation>();
        string? zone = null;
        if (request.ZoneId.Length > 0)
        {
            if (!EntityId.IsValid(request.ZoneId))
            {
                violations.Add(new Violation("zone_id", EntityId.Describe(request.ZoneId)));
            }

            zone = request.ZoneId;
        }

        Domain.AssetType? type = null;
        if (request.Type != V1.AssetType.Unspecified)
        {
            if (!Enum.IsDefined((Domain.AssetType)(int)request.Type))
            {
                violations.Add(new Violation("type", "is not a known asset type"));
            }

            type = (Domain.AssetType)(int)request.Type;
        }

        if (request.MinCriticality is < 0 or > 5)
        {
            violations.Add(new Violation("min_criticality", "must be 0 (any) or 1-5"));
        }

        Domain.PurdueLevel? purdue = null;
        if (request.PurdueLevel.Length > 0)
        {
            if (InventoryVocabulary.TryParse<Domain.PurdueLevel>(request.PurdueLevel, out var level))
            {
                purdue = level;
            }
            else
            {
                violations.Add(new Violation("purdue_level", "must be one of 0, 1, 2, 3, 3.5, 4, 5"));
            }
        }

        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid asset query; see the field violations.", violations);
        }

        return new AssetFilter(
            Zone: zone,
            Type: type,
            MinCriticality: request.MinCriticality == 0 ? null : request.MinCriticality,
            PurdueLevel: purdue,
            Text: request.Text.Length == 0 ? null : request.Text);
    }
}
