using ZtFleet.Policy.Inventory;

namespace ZtFleet.Bench.Generation;

/// <summary><c>generate</c>: writes a synthetic fleet as a fleet document.</summary>
internal static class GenerateCommand
{
    public static int Run(Arguments arguments)
    {
        var plants = arguments.Int("plants", 3);
        var zones = arguments.Int("zones", 10);
        var assets = arguments.Int("assets", 500);
        var identities = arguments.Int("identities", 100);
        var seed = arguments.Int("seed", 42);
        var output = arguments.Text("out");
        arguments.RejectUnknown();

        var document = SyntheticFleet.Generate(plants, zones, assets, identities, seed);
        var yaml = FleetDocumentWriter.ToYaml(document);
        if (output is null)
        {
            Console.Out.Write(yaml);
            return 0;
        }

        File.WriteAllText(output, yaml);
        Console.Error.WriteLine(
            $"wrote {output}: {document.Plants.Count} plants, {document.Plants.Sum(p => p.Zones.Count)} zones, " +
            $"{document.Plants.Sum(p => p.Assets.Count)} assets, {document.Plants.Sum(p => p.Conduits.Count)} conduits, " +
            $"{document.Plants.Sum(p => p.Flows.Count)} flows, {document.Identities.Count} identities");
        return 0;
    }
}
