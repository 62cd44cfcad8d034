using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>A node of a parsed document with the line it starts on (1-based).</summary>
internal abstract record DocumentNode(int Line);

/// <summary>
/// A scalar. Only a plain (unquoted) empty, <c>~</c> or <c>null</c> is a null: <c>"null"</c> in quotes is the text.
/// </summary>
internal sealed record DocumentScalar(int Line, string Value, bool IsPlain) : DocumentNode(Line)
{
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record DocumentSequence(int Line, IReadOnlyList<DocumentNode> Items) : DocumentNode(Line);

internal sealed record DocumentMapping(int Line, IReadOnlyList<KeyValuePair<DocumentScalar, DocumentNode>> Entries)
    : DocumentNode(Line);

/// <summary>
/// Builds a <see cref="DocumentNode"/> tree from YamlDotNet's parser events, keeping the source line of every node.
/// </summary>
/// <remarks>
/// The event parser is used rather than <c>YamlStream</c> so that duplicate keys become violations instead of
/// exceptions, and so that aliases can be refused: an alias re-uses a node, and a few nested aliases
/// ("billion laughs") expand to more nodes than any document size limit could bound. Nesting is capped for the same
/// reason: the builder recurses, and a fleet document is never deeper than a handful of levels.
/// </remarks>
internal sealed class DocumentTree
{
    public const int MaxDepth = 32;

    /// <summary>How much of the YAML parser's own message a violation passes on.</summary>
    private const int MaxParserMessage = 160;

    private readonly Parser _parser;
    private int _lastLine = 1;

    private DocumentTree(string text) => _parser = new Parser(new StringReader(text));

    /// <summary>Parses one YAML (or JSON) document; on failure returns null and the line and reason.</summary>
    public static DocumentNode? Parse(string text, out (int Line, string Message)? error)
    {
        var tree = new DocumentTree(text);
        try
        {
            error = null;
            return tree.ReadStream();
        }
        catch (DocumentSyntaxException ex)
        {
            error = (ex.Line, ex.Message);
        }
        catch (YamlException ex)
        {
            error = ((int)Math.Max(1, ex.Start.Line), $"malformed YAML: {Describe(ex)}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner reports some malformed flow collections this way; the last line reached is the best
            // location available.
            error = (tree._lastLine, "malformed YAML: unexpected content (check brackets, quotes and indentation)");
        }

        return null;
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet prefixes the message with "(Line: 2, Col: 4, Idx: 8) - (Line: …): "; the line is reported apart.
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        message = cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;

        // The parser may quote the text it choked on: never more than a short prefix of it.
        return message.Length <= MaxParserMessage ? message : $"{message[..MaxParserMessage]}…";
    }

    private DocumentNode? ReadStream()
    {
        Expect<StreamStart>();
        if (_parser.Current is StreamEnd)
        {
            return null;
        }

        Expect<DocumentStart>();
        var root = _parser.Current is DocumentEnd ? null : ReadNode(1);
        Expect<DocumentEnd>();
        if (_parser.Current is DocumentStart)
        {
            throw new DocumentSyntaxException(Line(_parser.Current), "only one document is allowed (remove the second '---')");
        }

        return root;
    }

    private DocumentNode ReadNode(int depth)
    {
        var current = _parser.Current ?? throw new DocumentSyntaxException(_lastLine, "unexpected end of document");
        var line = Line(current);
        return current switch
        {
            AnchorAlias => throw new DocumentSyntaxException(line, "aliases (*name) are not supported; write the value out"),
            Scalar scalar => ReadScalar(scalar, line),
            SequenceStart => ReadSequence(depth, line),
            MappingStart => ReadMapping(depth, line),
            _ => throw new DocumentSyntaxException(line, $"unexpected {current.GetType().Name}"),
        };
    }

    private DocumentScalar ReadScalar(Scalar scalar, int line)
    {
        Next();
        return new DocumentScalar(line, scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);
    }

    private DocumentSequence ReadSequence(int depth, int line)
    {
        CheckDepth(depth, line);
        Next();
        var items = new List<DocumentNode>();
        while (_parser.Current is not SequenceEnd)
        {
            items.Add(ReadNode(depth + 1));
        }

        Next();
        return new DocumentSequence(line, items);
    }

    private DocumentMapping ReadMapping(int depth, int line)
    {
        CheckDepth(depth, line);
        Next();
        var entries = new List<KeyValuePair<DocumentScalar, DocumentNode>>();
        while (_parser.Current is not MappingEnd)
        {
            var key = ReadNode(depth + 1);
            if (key is not DocumentScalar scalarKey)
            {
                throw new DocumentSyntaxException(key.Line, "mapping keys must be plain text");
            }

            entries.Add(new(scalarKey, ReadNode(depth + 1)));
        }

        Next();
        return new DocumentMapping(line, entries);
    }

    private static void CheckDepth(int depth, int line)
    {
        if (depth > MaxDepth)
        {
            throw new DocumentSyntaxException(line, $"nested deeper than {MaxDepth} levels");
        }
    }

    private void Expect<TEvent>()
        where TEvent : ParsingEvent
    {
        if (_parser.Current is null)
        {
            Next();
        }

        if (_parser.Current is not TEvent)
        {
            throw new DocumentSyntaxException(_lastLine, $"expected {typeof(TEvent).Name}");
        }

        Next();
    }

    private void Next()
    {
        if (_parser.MoveNext() && _parser.Current is not null)
        {
            _lastLine = Line(_parser.Current);
        }
    }

    private static int Line(ParsingEvent parsingEvent) => (int)Math.Min(int.MaxValue, Math.Max(1, parsingEvent.Start.Line));

    private sealed class DocumentSyntaxException(int line, string message) : Exception(message)
    {
        public int Line { get; } = line;
    }
}
