namespace ZtFleet.Tests.Api.BadInput;

/// <summary>The bad-input suite's classes share one server and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class BadInputCollection : ICollectionFixture<BadInputServer>
{
    public const string Name = "bad-input";
}
