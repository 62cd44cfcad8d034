using Microsoft.Extensions.Options;
using ZtFleet.Api.Hosting;
using ZtFleet.Api.Security;

var builder = WebApplication.CreateBuilder(args);

if (args is ["token", .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs, builder.Configuration, builder.Environment);
}

builder.AddServiceDefaults();
builder.AddZtFleetApi();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapZtFleetApi();
try
{
    await app.RunAsync();
}
catch (OptionsValidationException ex)
{
    // The host has logged it with its stack; this says why and what to do, on its own.
    await Console.Error.WriteLineAsync($"The API does not start:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", ex.Failures)}");
    return 3;
}

return 0;
