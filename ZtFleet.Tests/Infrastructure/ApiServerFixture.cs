namespace ZtFleet.Tests.Infrastructure;

/// <summary>One default <see cref="ApiServer"/> shared by the tests of a class (<c>IClassFixture&lt;ApiServerFixture&gt;</c>).</summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    public ApiServer Server { get; } = new();

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}
