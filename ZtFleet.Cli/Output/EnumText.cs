using System.Text;

namespace ZtFleet.Cli.Output;

/// <summary>Protobuf enum members as the command line spells them: <c>SafetyController</c> is <c>safety-controller</c>.</summary>
internal static class EnumText
{
    public static string Format(System.Enum value)
    {
        var name = value.ToString();
        if (name == "Unspecified")
        {
            return "";
        }

        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    /// <summary>The members a user may name (every one but Unspecified), in kebab case.</summary>
    public static string[] Names<T>()
        where T : struct, System.Enum =>
        System.Enum.GetValues<T>().Select(v => Format(v)).Where(n => n.Length > 0).ToArray();

    /// <summary>Parses a kebab-case (or any-case) member name; throws a usage error naming the choices.</summary>
    public static T Parse<T>(string text, string option)
        where T : struct, System.Enum
    {
        foreach (var member in System.Enum.GetValues<T>())
        {
            var name = Format(member);
            if (name.Length > 0 && (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name.Replace("-", "", StringComparison.Ordinal), text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)))
            {
                return member;
            }
        }

        throw new Hosting.UsageException($"{option} '{text}' is not one of: {string.Join(", ", Names<T>())}.");
    }
}
