namespace Dataverse.WebApi;

public sealed partial class ODataService
{
    private Task<Result> BatchAsync(ODataRequest request) =>
        throw new WebApiError(501, "0x80040216", "$batch is not implemented by the local Web API yet: send the requests one by one.");
}
