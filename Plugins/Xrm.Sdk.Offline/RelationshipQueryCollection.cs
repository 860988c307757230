namespace Microsoft.Xrm.Sdk
{
    using System.Runtime.Serialization;
    using Microsoft.Xrm.Sdk.Query;

    /// <summary>The related-record queries of a Retrieve, by relationship.</summary>
    [CollectionDataContract(Name = "RelationshipQueryCollection", Namespace = XrmNamespaces.Contracts2011)]
    public sealed class RelationshipQueryCollection : DataCollection<Relationship, QueryBase>
    {
    }
}
