using System.Reflection;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;

namespace ZtFleet.Tests.Api.Rest;

/// <summary>
/// Every RPC of every ztfleet.v1 service that JSON transcoding can serve (unary and server streaming) has a
/// <c>google.api.http</c> rule following docs/rest.md, so an RPC added later cannot miss its REST door.
/// </summary>
public sealed partial class HttpRuleTests
{
    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        foreach (var method in TranscodableMethods())
        {
            data.Add(method.FullName);
        }

        return data;
    }

    [Fact]
    public void The_services_are_found()
    {
        Assert.True(TranscodableMethods().Count() > 70);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Every_transcodable_rpc_has_an_http_rule_by_the_convention(string fullName)
    {
        var method = TranscodableMethods().Single(m => m.FullName == fullName);
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        Assert.True(rule is not null, $"{fullName} has no google.api.http option (docs/rest.md)");

        foreach (var binding in rule.AdditionalBindings.Prepend(rule))
        {
            var (verb, path) = binding.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("GET", binding.Get),
                HttpRule.PatternOneofCase.Post => ("POST", binding.Post),
                HttpRule.PatternOneofCase.Put => ("PUT", binding.Put),
                HttpRule.PatternOneofCase.Delete => ("DELETE", binding.Delete),
                HttpRule.PatternOneofCase.Patch => ("PATCH", binding.Patch),
                _ => (binding.PatternCase.ToString(), string.Empty),
            };
            Assert.StartsWith("/v1/", path);
            Assert.Matches(PathShape(), path);

            // Path variables are request fields; GET and DELETE carry no body, the others the whole request.
            foreach (Match variable in Variables().Matches(path))
            {
                Assert.NotNull(method.InputType.FindFieldByName(variable.Groups[1].Value));
            }

            Assert.Equal(verb is "GET" or "DELETE" ? string.Empty : "*", binding.Body);

            // Server streams are reads (GET, one JSON object per line).
            if (method.IsServerStreaming)
            {
                Assert.Equal("GET", verb);
            }
        }
    }

    [Fact]
    public void No_two_rules_share_a_verb_and_path()
    {
        var seen = new Dictionary<string, string>();
        foreach (var method in TranscodableMethods())
        {
            var rule = method.GetOptions().GetExtension(AnnotationsExtensions.Http);
            foreach (var binding in rule.AdditionalBindings.Prepend(rule))
            {
                var key = $"{binding.PatternCase} {Variables().Replace(binding.Get + binding.Post + binding.Put + binding.Delete + binding.Patch, "{}")}";
                Assert.False(seen.TryGetValue(key, out var other), $"{method.FullName} and {other} share {key}");
                seen[key] = method.FullName;
            }
        }
    }

    /// <summary>Every method of every service in the generated ztfleet.v1 code, but client and bidirectional streams.</summary>
    private static IEnumerable<MethodDescriptor> TranscodableMethods() =>
        typeof(ZtFleet.Api.V1.FleetService).Assembly.GetTypes()
            .Where(t => t.Namespace == "ZtFleet.Api.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods)
            .Where(m => !m.IsClientStreaming);

    /// <summary>Lower camelCase segments, snake_case variables, an optional custom verb at the end.</summary>
    [GeneratedRegex(@"^/v1(/([a-z][A-Za-z]*|\{[a-z][a-z_]*\}))+(:[a-z][A-Za-z]*)?$")]
    private static partial Regex PathShape();

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Variables();
}
