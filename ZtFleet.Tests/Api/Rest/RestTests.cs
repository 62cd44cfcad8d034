using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Rest;

/// <summary>
/// The API as REST/JSON (docs/rest.md) through a plain <see cref="HttpClient"/> (HTTP/2 without TLS, as
/// <c>curl --http2-prior-knowledge</c>): the demo fleet applied, assets listed, a decision checked, refusals as
/// <c>google.rpc.Status</c> JSON with field violations, 401 without a token, a stream as NDJSON lines, the OpenAPI document.
/// </summary>
public sealed class RestTests(RestTests.Fixture fixture) : IClassFixture<RestTests.Fixture>
{
    private readonly ApiServer _server = fixture.Server;

    /// <summary>An API with the demo fleet applied through REST.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public ApiServer Server { get; } = new();

        public JsonElement Applied { get; private set; }

        public async Task InitializeAsync()
        {
            await Server.InitializeAsync();
            using var http = Client(Server, Token(Server, Role.FleetAdmin));
            var document = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "demo", "fleet.yaml"));
            var response = await http.PostAsJsonAsync("/v1/fleet:apply", new { document });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Applied = await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        public Task DisposeAsync() => Server.DisposeAsync();
    }

    [Fact]
    public void The_demo_fleet_applies_through_rest()
    {
        Assert.True(fixture.Applied.GetProperty("applied").GetBoolean());
        Assert.Contains(fixture.Applied.GetProperty("changes").EnumerateArray(), c => c.GetProperty("id").GetString() == "berlin");
    }

    [Fact]
    public async Task Assets_are_listed_with_path_and_query_parameters()
    {
        using var http = Client(_server, Token(_server, Role.PlantAdmin, "berlin"));
        var page = await http.GetFromJsonAsync<JsonElement>("/v1/plants/berlin/assets?pageSize=3&minCriticality=4");

        var assets = page.GetProperty("assets").EnumerateArray().ToList();
        Assert.Equal(3, assets.Count);
        Assert.All(assets, a => Assert.Equal("berlin", a.GetProperty("plantId").GetString()));
        Assert.All(assets, a => Assert.True(a.GetProperty("criticality").GetInt32() >= 4));
        Assert.False(string.IsNullOrEmpty(page.GetProperty("nextPageToken").GetString()));
    }

    [Fact]
    public async Task A_decision_is_checked_with_a_get()
    {
        using var http = Client(_server, Token(_server, Role.FleetAdmin));
        var answer = await http.GetFromJsonAsync<JsonElement>(
            "/v1/plants/berlin/decisions:check?identityId=jbecker&assetId=plc-p1&operation=OPERATION_OPERATE&explain=true");

        var decision = answer.GetProperty("decision");
        Assert.Contains(decision.GetProperty("allow").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.False(string.IsNullOrEmpty(decision.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_refusal_is_a_google_rpc_status_with_its_field_violations()
    {
        using var http = Client(_server, Token(_server, Role.FleetAdmin));
        var tooLong = new string('p', 70);
        var response = await http.GetAsync($"/v1/plants/{tooLong}/assets");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, status.GetProperty("code").GetInt32());
        var badRequest = status.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest");
        var violation = Assert.Single(badRequest.GetProperty("fieldViolations").EnumerateArray());
        Assert.Equal("plant_id", violation.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_role_that_may_not_act_is_403()
    {
        using var http = Client(_server, Token(_server, Role.Auditor));
        var response = await http.PostAsJsonAsync("/v1/revokedTokens", new { tokenId = "some-token", reason = "trying" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(7, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Without_a_valid_token_it_is_401(string? token)
    {
        using var http = Client(_server, token);
        var response = await http.GetAsync("/v1/plants");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(16, status.GetProperty("code").GetInt32());
        Assert.Contains("bearer token", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_server_stream_is_one_json_object_per_line()
    {
        using var http = Client(_server, Token(_server, Role.FleetAdmin));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/plants/berlin/enforcementPoints:watch")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        for (var i = 0; i < 2; i++)
        {
            var line = await reader.ReadLineAsync();
            using var message = JsonDocument.Parse(line!);
            Assert.True(message.RootElement.GetProperty("epoch").GetInt64() > 0);
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_operations_with_the_proto_comments()
    {
        using var http = Client(_server, token: null);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var listAssets = document.GetProperty("paths").GetProperty("/v1/plants/{plantId}/assets").GetProperty("get");
        Assert.Equal("Assets of one plant, filtered and paged.", listAssets.GetProperty("summary").GetString());
        Assert.True(document.GetProperty("paths").EnumerateObject().Count() > 60);
    }

    private static string Token(ApiServer server, Role role, params string[] plants) =>
        server.As(role, plants).Headers!.GetValue("authorization")!["Bearer ".Length..];

    /// <summary>A plain HTTP client speaking HTTP/2 without TLS to the API, with a bearer token unless null.</summary>
    private static HttpClient Client(ApiServer server, string? token)
    {
        var http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.Port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }
}
