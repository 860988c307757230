using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;

namespace Dataverse.Local.Tests.Query;

/// <summary>A small organization: accounts, their contacts and the users who own them.</summary>
public sealed class QueryFixture
{
    public static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    public const int Healthy = 682400000, Watch = 682400001, AtRisk = 682400002, Disengaged = 682400003;

    public InMemoryQuerySource Source { get; } = new InMemoryQuerySource()
        .Table("account", "name", "numberofemployees", "revenue", "wb_riskband", "wb_disengagementscore", "createdon",
               "primarycontactid", "ownerid", "wb_lastscoredon", "wb_tags", "address1_city", "wb_valuegap")
        .Table("contact", "fullname", "parentcustomerid", "emailaddress1", "createdon")
        .Table("systemuser", "fullname", "businessunitid");

    public Guid Alice { get; } = Guid.NewGuid();
    public Guid Bob { get; } = Guid.NewGuid();
    public Entity Contoso { get; }
    public Entity Fabrikam { get; }
    public Entity Litware { get; }
    public Entity Adatum { get; }
    public Entity Unscored { get; }

    public QueryFixture()
    {
        Source.Add("systemuser", Alice, ("fullname", "Alice Smith"));
        Source.Add("systemuser", Bob, ("fullname", "Bob Jones"));
        Contoso = Account("Contoso Pharmaceuticals", 1500, 1_000_000m, AtRisk, 72, Now.AddDays(-2), "Redmond", Alice);
        Fabrikam = Account("Fabrikam, Inc.", 2700, 250_000m, Healthy, 12, Now.AddDays(-40), "Lynnwood", Bob);
        Litware = Account("Litware, Inc.", 6000, 5_500_000m, Disengaged, 91, Now.AddMonths(-7), "Dallas", Alice);
        Adatum = Account("A. Datum Corporation", 6200, 80_000m, Watch, 45, Now.AddHours(-1), "Redmond", Bob);
        Unscored = Source.Add("account", ("name", "Example Account"), ("createdon", Now.AddYears(-2)));
        Contact("Yvonne McKay", Contoso, "yvonne@contoso.com");
        Contact("Susanna Stubberod", Contoso, "susanna@contoso.com");
        Contact("Thomas Andersen", Litware, null);
        Contact("Nancy Anderson", null, "nancy@example.com");
        Contoso["primarycontactid"] = new EntityReference("contact", Source.Stored("contact")[0].Id);
        Contoso["wb_tags"] = new OptionSetValueCollection(new List<OptionSetValue> { new(1), new(3) });
        Litware["wb_tags"] = new OptionSetValueCollection(new List<OptionSetValue> { new(2) });
        Contoso["wb_valuegap"] = true;
        Litware["wb_valuegap"] = true;
        Fabrikam["wb_valuegap"] = false;
    }

    Entity Account(string name, int employees, decimal revenue, int band, int score, DateTime createdOn, string city, Guid owner) =>
        Source.Add("account",
            ("name", name), ("numberofemployees", employees), ("revenue", new Money(revenue)),
            ("wb_riskband", new OptionSetValue(band)), ("wb_disengagementscore", score), ("createdon", createdOn),
            ("address1_city", city), ("ownerid", new EntityReference("systemuser", owner)), ("wb_lastscoredon", createdOn.AddDays(1)));

    Entity Contact(string name, Entity? account, string? email) =>
        Source.Add("contact", ("fullname", name),
            ("parentcustomerid", account is null ? null : new EntityReference("account", account.Id) { Name = (string)account["name"] }),
            ("emailaddress1", email), ("createdon", Now.AddDays(-1)));

    public QueryEngine Engine() => new(Source, () => Now);

    public static List<string> Names(EntityCollection result, string column = "name") =>
        result.Entities.Select(e => e.GetAttributeValue<string>(column)).ToList();
}
