using Google.Protobuf;
using Grpc.Core;
using ZtFleet.Cli.Access.Compat;
using ZtFleet.Cli.Hosting;

namespace ZtFleet.Cli.Access;

/// <summary>
/// Calls <c>ztfleet.v1.AccessService/ListAccessRequests</c> with wire-compatible messages (Protos/), so the CLI
/// builds whether or not its proto/ has the call yet; a server without it answers UNIMPLEMENTED, said plainly.
/// </summary>
internal static class AccessRequestListing
{
    private static readonly Method<AccessRequestQuery, AccessRequestList> ListMethod = new(
        MethodType.Unary,
        "ztfleet.v1.AccessService",
        "ListAccessRequests",
        Marshallers.Create(m => m.ToByteArray(), AccessRequestQuery.Parser.ParseFrom),
        Marshallers.Create(m => m.ToByteArray(), AccessRequestList.Parser.ParseFrom));

    public static async Task<AccessRequestList> ListAsync(Call call, AccessRequestQuery query)
    {
        try
        {
            return await call.Session.Channel.CreateCallInvoker().AsyncUnaryCall(ListMethod, null, call.Options, query);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            throw new CliFailure(ExitCodes.ServerError, "This API version cannot list access requests (AccessService/ListAccessRequests): upgrade the server, or approve by request id.");
        }
    }
}
