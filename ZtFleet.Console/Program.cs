using ZtFleet.WebConsole.Hosting;

// The ZtFleet web console: Blazor with interactive server rendering; it reaches the cluster only through the API, over
// gRPC, with the signed-in user's token. See docs/console.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddZtFleetConsole();
var app = builder.Build();
app.MapZtFleetConsole();
app.Run();
