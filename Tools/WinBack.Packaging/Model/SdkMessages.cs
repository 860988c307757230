namespace WinBack.Packaging.Model;

/// <summary>
/// The platform's SDK messages have the same sdkmessageid in every Dataverse environment, which is why an
/// exported step names its message by id alone. These are the ids Dataverse returns for its messages
/// (Microsoft Learn, "Use messages with the SDK for .NET": sdkmessagefilter query on account).
/// </summary>
public static class SdkMessages
{
    private static readonly (string Name, Guid Id)[] Known =
    {
        ("Assign", new Guid("8cbdbb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("Create", new Guid("9ebdbb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("Delete", new Guid("a1bdbb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("Execute", new Guid("a6bdbb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("GrantAccess", new Guid("c5bdbb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("Merge", new Guid("dbbdbb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("ModifyAccess", new Guid("dcbdbb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("Retrieve", new Guid("f2bdbb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("RetrieveMultiple", new Guid("03bebb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("RetrievePrincipalAccess", new Guid("04bebb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("RetrieveSharedPrincipalsAndAccess", new Guid("10bebb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("RevokeAccess", new Guid("11bebb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("SetState", new Guid("1cbebb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("SetStateDynamicEntity", new Guid("1dbebb1b-ea3e-db11-86a7-000a3a5473e8")),
        ("Update", new Guid("20bebb1b-ea3e-db11-86a7-000a3a5473e8")),
    };

    /// <summary>The message's name, or null when the id is not one of the platform messages listed here.</summary>
    public static string? NameOf(Guid id)
    {
        foreach (var (name, known) in Known)
        {
            if (known == id) return name;
        }
        return null;
    }

    /// <summary>The platform id of a message, or null when it is not listed here.</summary>
    public static Guid? IdOf(string name)
    {
        foreach (var (known, id) in Known)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase)) return id;
        }
        return null;
    }

    public static IEnumerable<string> Names => Known.Select(k => k.Name);

    /// <summary>
    /// The Plugin Registration Tool names a step "&lt;type&gt;: &lt;Message&gt; of &lt;table&gt;" (or "of any Entity"):
    /// the message name when the id is not a listed platform message (Associate, Disassociate, custom APIs).
    /// </summary>
    public static string? FromStepName(string? stepName)
    {
        if (string.IsNullOrWhiteSpace(stepName)) return null;
        var colon = stepName.IndexOf(": ", StringComparison.Ordinal);
        var rest = colon >= 0 ? stepName[(colon + 2)..] : stepName;
        var of = rest.IndexOf(" of ", StringComparison.Ordinal);
        if (of <= 0) return null;
        var message = rest[..of].Trim();
        return message.Length > 0 && !message.Contains(' ') ? message : null;
    }
}
