namespace WinBack.Packaging.Model;

/// <summary>
/// The privileges a user needs to open a model-driven app at all: the app, its site map and forms, views and
/// personal views, the metadata the client reads, web resources and the user's own settings. A user holding only
/// a role without them cannot use the app (Learn: "Privileges required to view and access apps",
/// https://learn.microsoft.com/power-apps/maker/model-driven-apps/app-visibility-privileges). Names and depths as
/// Dataverse exports them in a role of a real app (the minimal set of such a role's 600-odd privileges).
/// Every role the solution ships carries them (the packer adds them; check WB015).
/// </summary>
public static class AppAccess
{
    public static readonly IReadOnlyList<(string Name, PrivilegeDepth Depth)> Privileges = new[]
    {
        ("prvReadAppModule", PrivilegeDepth.Global),
        ("prvReadSystemForm", PrivilegeDepth.Global),
        ("prvReadQuery", PrivilegeDepth.Global),
        ("prvReadUserQuery", PrivilegeDepth.Basic),
        ("prvReadSavedQueryVisualizations", PrivilegeDepth.Global),
        ("prvReadWebResource", PrivilegeDepth.Global),
        ("prvReadUserSettings", PrivilegeDepth.Local),
        ("prvWriteUserSettings", PrivilegeDepth.Local),
        ("prvReadUserEntityUISettings", PrivilegeDepth.Basic),
        ("prvCreateUserEntityUISettings", PrivilegeDepth.Basic),
        ("prvWriteUserEntityUISettings", PrivilegeDepth.Basic),
        ("prvReadCustomization", PrivilegeDepth.Global),
        ("prvReadEntity", PrivilegeDepth.Global),
        ("prvReadAttribute", PrivilegeDepth.Global),
        ("prvReadRelationship", PrivilegeDepth.Global),
        ("prvReadOptionSet", PrivilegeDepth.Global),
        ("prvReadOrganization", PrivilegeDepth.Global),
        ("prvReadBusinessUnit", PrivilegeDepth.Local),
        ("prvReadUser", PrivilegeDepth.Local),
        ("prvReadTransactionCurrency", PrivilegeDepth.Global),
    };
}
