using Orleans.Runtime;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Tests.PostgreSql;

/// <inheritdoc cref="ICounterGrain"/>
[GrainType("ztfleet-tests-counter")]
public sealed class CounterGrain(
    [PersistentState(CounterGrain.StateName, ProviderNames.Storage)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain, IRemindable
{
    public const string StateName = "ztfleet-tests-counter";

    private readonly Guid _activationId = Guid.NewGuid();

    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public Task<ActivationInfo> WhereAsync() =>
        Task.FromResult(new ActivationInfo(RuntimeIdentity, _activationId));

    public Task RemindAsync(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<IReadOnlyList<string>> RemindersAsync() =>
        (await this.GetReminders()).Select(reminder => reminder.ReminderName).Order().ToList();

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
