using System.Text.Json;
using Dataverse.Local.Metadata;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Messages;

namespace Dataverse.WebApi;

public sealed partial class ODataService
{
    /// <summary>
    /// POST {set}({id})/{relationship}/$ref with {"@odata.id": "{set}({id})"}: associates two rows through a
    /// many-to-many relationship, whose navigation property is the relationship's schema name (Learn, "Associate and
    /// disassociate table rows using the Web API": 204 No Content). It runs as an Associate request, so the caller
    /// needs AppendTo and Append on the two rows and the Associate steps run.
    /// </summary>
    private async Task<Result> AssociateAsync(ODataRequest request, TableMetadata table, string set, Guid id, string navigation)
    {
        var relationship = _org.Metadata.Relationships.FirstOrDefault(r => r.IsManyToMany && r.SchemaName == navigation
            && (r.ReferencedTable == table.LogicalName || r.ReferencingTable == table.LogicalName))
            ?? throw WebApiError.SegmentNotFound(navigation);
        if (request.Method != "POST") throw WebApiError.MethodNotAllowed(request.Method);
        var body = await ReadBodyAsync(request, set);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("@odata.id", out var address))
            throw WebApiError.Payload(set, "The payload of a $ref request must be {\"@odata.id\": \"[Organization URI]/api/data/v9.2/entityset(id)\"}.");
        var other = relationship.ReferencedTable == table.LogicalName ? relationship.ReferencingTable : relationship.ReferencedTable;
        var related = Bind(set, other, address);
        Execute(request, new AssociateRequest
        {
            Target = new EntityReference(table.LogicalName, id),
            Relationship = new Relationship(relationship.SchemaName),
            RelatedEntities = new EntityReferenceCollection { related },
        });
        return new Result(204);
    }
}
