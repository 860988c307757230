namespace Dataverse.Local.Pipeline;

/// <summary>The pipeline stages a step can be registered in (30 is the main operation itself).</summary>
public static class Stages
{
    public const int PreValidation = 10;
    public const int PreOperation = 20;
    public const int MainOperation = 30;
    public const int PostOperation = 40;
}

/// <summary>An image a step asks for: the row before (pre) or after (post) the operation, with some columns or all.</summary>
public sealed class ImageRegistration
{
    public ImageRegistration(string name, bool pre, bool post, IEnumerable<string>? columns = null)
    {
        Name = name;
        IsPre = pre;
        IsPost = post;
        Columns = columns?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToArray() ?? Array.Empty<string>();
    }

    /// <summary>The key the image has in PreEntityImages / PostEntityImages (the step image's entity alias).</summary>
    public string Name { get; }
    public bool IsPre { get; }
    public bool IsPost { get; }
    /// <summary>Columns in the image; empty means every column.</summary>
    public IReadOnlyList<string> Columns { get; }
    public string MessagePropertyName { get; init; } = "Target";
}

/// <summary>An SdkMessageProcessingStep: which plug-in type runs for which message, table, stage and mode.</summary>
public sealed class StepRegistration
{
    public StepRegistration(string message, string? table, int stage, string pluginTypeName)
    {
        Message = message;
        Table = string.IsNullOrEmpty(table) || table == "none" ? null : table;
        Stage = stage;
        PluginTypeName = pluginTypeName;
    }

    public Guid Id { get; init; } = Guid.NewGuid();
    public string Name { get; init; } = "";
    public string Message { get; }
    /// <summary>Logical name of the table, or null for a step on every table (or a message without one).</summary>
    public string? Table { get; }
    public int Stage { get; }
    public bool IsAsynchronous { get; init; }
    public int Rank { get; init; } = 1;
    /// <summary>Update only: the step runs when the Target carries at least one of these columns (empty: always).</summary>
    public IReadOnlyCollection<string> FilteringAttributes { get; init; } = Array.Empty<string>();
    public string PluginTypeName { get; }
    public string? UnsecureConfiguration { get; init; }
    public string? SecureConfiguration { get; init; }
    public IReadOnlyList<ImageRegistration> Images { get; init; } = Array.Empty<ImageRegistration>();

    public override string ToString() =>
        $"{PluginTypeName}: {Message} of {Table ?? "any table"}, stage {Stage}, {(IsAsynchronous ? "asynchronous" : "synchronous")}";
}

/// <summary>The type of a Custom API request parameter or response property (customapifieldtype).</summary>
public enum ApiFieldType
{
    Boolean = 0, DateTime = 1, Decimal = 2, Entity = 3, EntityCollection = 4, EntityReference = 5,
    Float = 6, Integer = 7, Money = 8, Picklist = 9, String = 10, StringArray = 11, Guid = 12,
}

public sealed class ApiField
{
    public ApiField(string uniqueName, ApiFieldType type, bool isOptional = false, string? table = null)
    {
        UniqueName = uniqueName;
        Type = type;
        IsOptional = isOptional;
        Table = table;
    }

    public string UniqueName { get; }
    public ApiFieldType Type { get; }
    public bool IsOptional { get; }
    public string? Table { get; }
}

/// <summary>A Custom API: its message name, binding, parameters and the plug-in type that is its main operation.</summary>
public sealed class CustomApiDefinition
{
    public CustomApiDefinition(string uniqueName) => UniqueName = uniqueName;

    public string UniqueName { get; }
    /// <summary>0 Global, 1 Entity, 2 EntityCollection.</summary>
    public int BindingType { get; init; }
    public string? BoundTable { get; init; }
    public bool IsFunction { get; init; }
    public bool IsPrivate { get; init; }
    public string? PluginTypeName { get; init; }
    public string? ExecutePrivilegeName { get; init; }
    public IReadOnlyList<ApiField> RequestParameters { get; init; } = Array.Empty<ApiField>();
    public IReadOnlyList<ApiField> ResponseProperties { get; init; } = Array.Empty<ApiField>();
}
