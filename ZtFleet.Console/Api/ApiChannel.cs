using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using ZtFleet.WebConsole.Hosting;

namespace ZtFleet.WebConsole.Api;

/// <summary>The one gRPC channel to the API (<see cref="ConsoleOptions.ApiAddress"/>), shared by every circuit.</summary>
public sealed class ApiChannel(IOptions<ConsoleOptions> options) : IDisposable
{
    /// <summary>The channel; calls carry each user's own token (<see cref="ApiSession"/>).</summary>
    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(options.Value.ApiAddress);

    /// <inheritdoc />
    public void Dispose() => Channel.Dispose();
}
