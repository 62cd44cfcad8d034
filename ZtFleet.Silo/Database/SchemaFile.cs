namespace ZtFleet.Silo.Database;

/// <summary>One versioned SQL file of the ZtFleet database schema (<c>db/NNNN_name.sql</c>).</summary>
/// <param name="Version">The number before the underscore; files are applied in ascending order.</param>
/// <param name="Name">The part after the underscore, without the extension.</param>
/// <param name="Path">Where the file was read from.</param>
/// <param name="Sql">The file's text.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the text with line endings normalised to LF, so a checkout
/// with CRLF line endings does not count as a changed file.</param>
public sealed record SchemaFile(int Version, string Name, string Path, string Sql, string Sha256);
