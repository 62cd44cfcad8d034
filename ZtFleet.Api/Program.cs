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
    // A refused setting (e.g. the signing key) says why and what to do, without a stack trace.
    app.Logger.LogCritical("The API does not start: {Reasons}", string.Join(" ", ex.Failures));
    await Console.Error.WriteLineAsync($"The API does not start:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", ex.Failures)}");
    return 3;
}

return 0;
