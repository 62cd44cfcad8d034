using System.Text.Json;

namespace ZtFleet.Agent.State;

/// <summary>Keeps the enforcement point's credential in <c>credential.json</c> (mode 0600) in the state directory.</summary>
public sealed class CredentialStore(StateDirectory directory)
{
    /// <summary>The file name of the credential.</summary>
    public const string FileName = "credential.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The stored credential, or null when the agent has not enrolled yet.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a credential.</exception>
    public StoredCredential? Load()
    {
        var text = directory.Read(FileName);
        if (text is null)
        {
            return null;
        }

        try
        {
            var credential = JsonSerializer.Deserialize<StoredCredential>(text, Json);
            if (credential is null || string.IsNullOrEmpty(credential.Credential) || string.IsNullOrEmpty(credential.PlantId))
            {
                throw new InvalidDataException($"{directory.File(FileName)} holds no credential");
            }

            return credential;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{directory.File(FileName)} is not a credential file: {ex.Message}", ex);
        }
    }

    /// <summary>Stores the credential (replacing any other).</summary>
    public void Save(StoredCredential credential) =>
        directory.Write(FileName, JsonSerializer.Serialize(credential, Json));
}
