namespace WinBack.Packaging.Packing;

/// <summary>
/// The form types FormXml names (forms type="..."; unpacked into FormXml/&lt;type&gt;/). A quick-create form is
/// "quickCreate"; "quick" is a quick-view form, which Dataverse never opens to create a row.
/// </summary>
public static class FormTypes
{
    public const string Main = "main";
    public const string QuickCreate = "quickCreate";
    public const string QuickView = "quick";
}
