using ZtFleet.Api.Hosting;
using ZtFleet.Api.Security;

var builder = WebApplication.CreateBuilder(args);

if (args is ["token", .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs, builder.Configuration);
}

builder.AddServiceDefaults();
builder.AddZtFleetApi();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapZtFleetApi();
await app.RunAsync();
return 0;
