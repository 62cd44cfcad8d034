using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Security;

/// <summary>A test OIDC issuer and an API that accepts its tokens (ZtFleet:Auth:Oidc pointing at it), with the two-plant fleet applied.</summary>
public sealed class OidcApiFixture : IAsyncLifetime
{
    public OidcIssuer Issuer { get; } = new();

    public ApiServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Issuer.InitializeAsync();
        Server = new ApiServer { ApiConfiguration = Issuer.ApiConfiguration() };
        await Server.InitializeAsync();
        await Server.ApplyAsync(TestFleets.TwoPlants);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await Issuer.DisposeAsync();
    }
}
