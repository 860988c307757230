namespace WinBack.Plugins.Registration
{
    using System;

    /// <summary>The pipeline stage a step runs in (sdkmessageprocessingstep.stage).</summary>
    public enum PluginStage
    {
        PreValidation = 10,
        PreOperation = 20,
        PostOperation = 40,
    }

    /// <summary>Whether a step runs inside the operation or after it from the asynchronous queue.</summary>
    public enum PluginMode
    {
        Synchronous = 0,
        Asynchronous = 1,
    }

    /// <summary>
    /// Registers the plug-in class for one message on one table. The build reads these attributes from the
    /// compiled assembly and writes the solution's SdkMessageProcessingSteps from them, so the registration
    /// cannot drift from the code. Declare one attribute per step.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class PluginStepAttribute : Attribute
    {
        public PluginStepAttribute(string message, string table, PluginStage stage, PluginMode mode)
        {
            Message = message;
            Table = table;
            Stage = stage;
            Mode = mode;
        }

        /// <summary>Message name: Create, Update, Delete, Associate, ...</summary>
        public string Message { get; }

        /// <summary>Logical name of the table, e.g. "account".</summary>
        public string Table { get; }

        public PluginStage Stage { get; }

        public PluginMode Mode { get; }

        /// <summary>Order among steps of the same stage (lowest first).</summary>
        public int Rank { get; set; } = 1;

        /// <summary>Comma-separated columns whose change triggers an Update step.</summary>
        public string? FilteringAttributes { get; set; }

        /// <summary>Comma-separated columns of the pre-image named "PreImage".</summary>
        public string? PreImage { get; set; }

        /// <summary>Comma-separated columns of the post-image named "PostImage".</summary>
        public string? PostImage { get; set; }

        /// <summary>Unsecure configuration passed to the plug-in's constructor.</summary>
        public string? UnsecureConfiguration { get; set; }

        /// <summary>What the step does, for the people who read the registration.</summary>
        public string? Description { get; set; }
    }
}
