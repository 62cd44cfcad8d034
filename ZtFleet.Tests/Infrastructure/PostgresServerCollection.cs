namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// The tests that need a real PostgreSQL server share one (<see cref="PostgresServer"/>); each test class
/// creates its own database on it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
