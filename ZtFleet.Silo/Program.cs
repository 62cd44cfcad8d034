using ZtFleet.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddZtFleetSilo();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
