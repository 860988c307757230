namespace WinBack.Plugins.Registration
{
    using System;

    /// <summary>What a Custom API is bound to (customapi.bindingtype).</summary>
    public enum CustomApiBinding
    {
        Global = 0,
        Entity = 1,
        EntityCollection = 2,
    }

    /// <summary>Type of a Custom API request parameter or response property (values as Dataverse stores them).</summary>
    public enum CustomApiParameterType
    {
        Boolean = 0,
        DateTime = 1,
        Decimal = 2,
        Entity = 3,
        EntityCollection = 4,
        EntityReference = 5,
        Float = 6,
        Integer = 7,
        Money = 8,
        Picklist = 9,
        String = 10,
        StringArray = 11,
        Guid = 12,
    }

    /// <summary>
    /// Marks the class as the main operation of a Custom API. The build writes the solution's customapis/
    /// definition (with the parameters declared by <see cref="CustomApiRequestParameterAttribute"/> and
    /// <see cref="CustomApiResponsePropertyAttribute"/>) from it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class CustomApiAttribute : Attribute
    {
        public CustomApiAttribute(string uniqueName)
        {
            UniqueName = uniqueName;
        }

        /// <summary>The message name callers execute, with the publisher prefix: "wb_RecalculateDisengagement".</summary>
        public string UniqueName { get; }

        public CustomApiBinding BindingType { get; set; } = CustomApiBinding.Global;

        /// <summary>Logical name of the bound table when BindingType is Entity or EntityCollection.</summary>
        public string? BoundTable { get; set; }

        /// <summary>True for a function (GET in the Web API), false for an action.</summary>
        public bool IsFunction { get; set; }

        /// <summary>True to hide the API from the Web API's metadata.</summary>
        public bool IsPrivate { get; set; }

        public string? DisplayName { get; set; }

        public string? Description { get; set; }

        /// <summary>Privilege a caller needs to execute the API (e.g. "prvWritewb_disengagementhistory"); none when null.</summary>
        public string? ExecutePrivilegeName { get; set; }
    }

    /// <summary>A request parameter of the Custom API declared on the same class.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class CustomApiRequestParameterAttribute : Attribute
    {
        public CustomApiRequestParameterAttribute(string uniqueName, CustomApiParameterType type)
        {
            UniqueName = uniqueName;
            Type = type;
        }

        public string UniqueName { get; }

        public CustomApiParameterType Type { get; }

        public bool IsOptional { get; set; }

        /// <summary>Table logical name for Entity, EntityReference and EntityCollection parameters.</summary>
        public string? Table { get; set; }

        public string? DisplayName { get; set; }

        public string? Description { get; set; }
    }

    /// <summary>A response property of the Custom API declared on the same class.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class CustomApiResponsePropertyAttribute : Attribute
    {
        public CustomApiResponsePropertyAttribute(string uniqueName, CustomApiParameterType type)
        {
            UniqueName = uniqueName;
            Type = type;
        }

        public string UniqueName { get; }

        public CustomApiParameterType Type { get; }

        /// <summary>Table logical name for Entity, EntityReference and EntityCollection properties.</summary>
        public string? Table { get; set; }

        public string? DisplayName { get; set; }

        public string? Description { get; set; }
    }
}
