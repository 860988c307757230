using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using WinBack.Core.Json;

namespace WinBack.Cli.Demo;

/// <summary>
/// The policy store (table wb_scoringpolicy, entity set wb_scoringpolicies) from the command line: the Web API body
/// that creates a row, and loading a policy file into a local Dataverse's store as an administrator would.
/// </summary>
public static class PolicyStore
{
    public const string Table = "wb_scoringpolicy";
    public const string EntitySet = "wb_scoringpolicies";

    /// <summary>
    /// The body of a Dataverse Web API request that creates a scoring policy (POST [org]/api/data/v9.2/wb_scoringpolicies):
    /// created Active, so the server validates it and puts it in use in one save.
    /// </summary>
    public static string RequestBody(string name, string description, string policyJson)
    {
        var w = new JsonWriter();
        w.StartObject();
        w.Property("wb_name", name);
        w.Property("wb_description", description);
        w.Property("wb_policy", policyJson);
        w.EndObject();
        return w.ToString();
    }

    /// <summary>Creates a scoring policy (Active: it is put in use) and returns its id; the server's refusal as a message otherwise.</summary>
    public static Guid Load(IOrganizationService service, string name, string description, string policyJson)
    {
        return service.Create(new Entity(Table) { ["wb_name"] = name, ["wb_description"] = description, ["wb_policy"] = policyJson });
    }

    /// <summary>Reads a policy file and loads it into the local store; null and a message on the error stream when it cannot.</summary>
    public static Guid? LoadFile(IOrganizationService service, string path, string command, TextWriter error)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"winback {command}: cannot read the policy file {path}: {e.Message}");
            return null;
        }

        try
        {
            return Load(service, Path.GetFileNameWithoutExtension(path), "Loaded by winback " + command + " from " + Path.GetFileName(path) + ".", json);
        }
        catch (FaultException<OrganizationServiceFault> refused)
        {
            error.WriteLine($"winback {command}: the local Dataverse refused the policy in {path}: {refused.Detail.Message}");
            return null;
        }
    }
}
