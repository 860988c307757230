using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WinBack.Core.Drafts
{
    /// <summary>The wording of drafts in one language: named sections with {placeholders}, and how dates look.</summary>
    public sealed class DraftTemplate
    {
        public DraftTemplate(string language, string culture, string datePattern, IReadOnlyDictionary<string, string> sections,
            IReadOnlyList<string>? genericPhrases = null, IReadOnlyList<string>? callsToAction = null)
        {
            Language = language;
            Culture = culture;
            DatePattern = datePattern;
            Sections = sections;
            GenericPhrases = genericPhrases ?? Array.Empty<string>();
            CallsToAction = callsToAction ?? Array.Empty<string>();
        }

        public string Language { get; }
        public string Culture { get; }
        public string DatePattern { get; }
        public IReadOnlyDictionary<string, string> Sections { get; }

        /// <summary>
        /// The generic phrases of this language the quality gate refuses. The shipped lists are the floor: an
        /// administrator's template adds to them and never removes one (see <see cref="DraftTemplates.Quality"/>).
        /// </summary>
        public IReadOnlyList<string> GenericPhrases { get; }

        /// <summary>The phrases of this language that ask the reader to act: a draft must have exactly one.</summary>
        public IReadOnlyList<string> CallsToAction { get; }

        /// <summary>The reviewer's notes: not part of the body, so the quality gate does not read them.</summary>
        public static readonly IReadOnlyList<string> NoteSections = new[] { "fallbackNote", "baseFallbackNote" };

        /// <summary>Sections a template may leave out: drafts then use the shipped wording of its language (or English).</summary>
        public static readonly IReadOnlyList<string> OptionalSections = new[] { "baseFallbackNote" };

        /// <summary>The section that asks for the one next step; no other section of the body may ask for anything.</summary>
        public const string NextStepSection = "nextStep";

        /// <summary>A phrase shorter than this would refuse ordinary words.</summary>
        public const int MinPhraseLength = 3;
        public const int MaxPhraseLength = 100;

        /// <summary>Every section a template must have (gap-specific openings included).</summary>
        public static readonly IReadOnlyList<string> RequiredSections = new[]
        {
            "subject", "greeting", "greetingNoName", "opening.value", "opening.trust", "opening.experience", "opening.growth",
            "opening.none", "tenure", "case", "caseOpen", "caseSla", "rootCause", "rootCauseExternal", "fix", "evidence",
            "fixedOn", "earlier", "meaning", "offer.priorityAttention", "offer.redo", "offer.planAtMilestone",
            "offer.roadmapConversation", "offer.compensationInKind", "nextStep", "signOff", "fallbackNote",
        };

        /// <summary>Every placeholder a section may use.</summary>
        public static readonly IReadOnlyList<string> KnownPlaceholders = new[]
        {
            "account", "firstName", "since", "caseNumber", "caseTitle", "openedOn", "resolvedOn", "rootCause", "fix",
            "evidence", "fixedOn", "earlierOn", "senderName", "senderTitle", "language", "baseLanguage",
        };

        /// <summary>Refuses a template with a missing section or an unknown placeholder, naming it.</summary>
        public static IReadOnlyList<DraftRefusal> Validate(DraftTemplate template)
        {
            var refusals = new List<DraftRefusal>();
            foreach (var name in RequiredSections)
                if (!template.Sections.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text))
                    refusals.Add(new DraftRefusal(DraftRule.TemplateMissingSection, name));
            foreach (var section in template.Sections.OrderBy(s => s.Key, StringComparer.Ordinal))
                foreach (var placeholder in Placeholders(section.Value))
                    if (!KnownPlaceholders.Contains(placeholder))
                        refusals.Add(new DraftRefusal(DraftRule.TemplateUnknownPlaceholder, placeholder) { Section = section.Key });
            try { System.Globalization.CultureInfo.GetCultureInfo(template.Culture); }
            catch (System.Globalization.CultureNotFoundException) { refusals.Add(new DraftRefusal(DraftRule.TemplateUnknownCulture, template.Culture)); }
            foreach (var phrase in template.GenericPhrases.Concat(template.CallsToAction))
                if (!UsablePhrase(phrase))
                    refusals.Add(new DraftRefusal(DraftRule.TemplatePhraseUnusable, phrase) { Limit = MaxPhraseLength });
            refusals.AddRange(CheckWording(template));
            return refusals;
        }

        /// <summary>
        /// Wording that every draft would fail is refused on save rather than at every draft: a section with a generic
        /// phrase, a next step that does not ask for exactly one thing, another section that asks for something. The
        /// lists are the shipped ones with the template's own added, as the gate will use them.
        /// </summary>
        private static IEnumerable<DraftRefusal> CheckWording(DraftTemplate template)
        {
            var policy = DraftQualityPolicy.Default.With(template.GenericPhrases.Where(UsablePhrase), template.CallsToAction.Where(UsablePhrase));
            foreach (var section in template.Sections.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (NoteSections.Contains(section.Key)) continue;
                foreach (var phrase in policy.GenericPhrases)
                    if (DraftQuality.CountPhrase(section.Value, phrase) > 0)
                        yield return new DraftRefusal(DraftRule.TemplateGenericPhrase, phrase) { Section = section.Key };
                if (section.Key == "subject") continue;
                var asks = policy.CallsToAction.Sum(p => DraftQuality.CountPhrase(section.Value, p));
                if (section.Key == NextStepSection ? asks != 1 : asks > 0)
                    yield return new DraftRefusal(DraftRule.TemplateCallsToAction, section.Key) { Count = asks, Limit = section.Key == NextStepSection ? 1 : 0 };
            }
        }

        private static bool UsablePhrase(string phrase) =>
            phrase.Trim().Length >= MinPhraseLength && phrase.Length <= MaxPhraseLength && phrase.Any(char.IsLetter);

        /// <summary>An administrator's list: one phrase per line, blank lines skipped, repeats (ignoring case) once.</summary>
        public static IReadOnlyList<string> ParsePhrases(string? lines) =>
            string.IsNullOrWhiteSpace(lines)
                ? Array.Empty<string>()
                : lines!.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

        /// <summary>
        /// A template as an administrator stores it (wb_drafttemplate): sections as one JSON object of section name to
        /// wording, and the phrase lists one phrase per line. Null with the refusals when the sections are not such an
        /// object or the template is not valid.
        /// </summary>
        public static DraftTemplate? FromStored(StoredTemplate stored, out IReadOnlyList<DraftRefusal> refusals)
        {
            var language = stored.Language;
            var culture = stored.Culture;
            var datePattern = stored.DatePattern;
            var sectionsJson = stored.Sections;
            var list = new List<DraftRefusal>();
            refusals = list;
            var sections = new Dictionary<string, string>(StringComparer.Ordinal);
            Json.JsonValue? root = null;
            try { root = string.IsNullOrWhiteSpace(sectionsJson) ? null : Json.JsonValue.Parse(sectionsJson!); }
            catch (Json.JsonException) { root = null; }
            if (root == null || root.Kind != Json.JsonKind.Object || root.Members.Any(m => m.Value.Kind != Json.JsonKind.String))
            {
                list.Add(new DraftRefusal(DraftRule.TemplateSectionsNotJson, "sections"));
                return null;
            }
            foreach (var member in root.Members) sections[member.Key] = member.Value.Text ?? "";
            var template = new DraftTemplate((language ?? "").Trim(), (culture ?? "").Trim(), string.IsNullOrWhiteSpace(datePattern) ? "d" : datePattern!, sections,
                ParsePhrases(stored.GenericPhrases), ParsePhrases(stored.CallsToAction));
            if (template.Language.Length == 0) list.Add(new DraftRefusal(DraftRule.TemplateMissingSection, "language"));
            list.AddRange(Validate(template));
            return list.Count == 0 ? template : null;
        }

        internal static IEnumerable<string> Placeholders(string text)
        {
            var i = 0;
            while ((i = text.IndexOf('{', i)) >= 0)
            {
                var end = text.IndexOf('}', i + 1);
                if (end < 0) { yield return text.Substring(i); yield break; }
                yield return text.Substring(i + 1, end - i - 1);
                i = end + 1;
            }
        }
    }

    /// <summary>A template row as stored by an administrator (wb_drafttemplate).</summary>
    public sealed class StoredTemplate
    {
        public string Name { get; set; } = "";
        public string? Language { get; set; }
        public string? Culture { get; set; }
        public string? DatePattern { get; set; }
        public string? Sections { get; set; }
        /// <summary>Generic phrases of the language the gate refuses besides the shipped ones, one per line.</summary>
        public string? GenericPhrases { get; set; }
        /// <summary>Phrases that ask the reader to act besides the shipped ones, one per line (the next step must use one).</summary>
        public string? CallsToAction { get; set; }
    }

    /// <summary>
    /// The templates in effect (the shipped English, German, French and Spanish, with administrators' rows in their
    /// place), the choice of one for a contact, the language drafts fall back to, and the quality gate's lists.
    /// </summary>
    public sealed class DraftTemplates
    {
        /// <summary>The language drafts fall back to when even the organization's base language has no template.</summary>
        public const string ShippedBaseLanguage = "en";

        private readonly Dictionary<string, DraftTemplate> _byLanguage;

        /// <param name="templates">The templates in effect, one per language.</param>
        /// <param name="organizationLanguage">
        /// The organization's base language (a language tag such as "de" or "de-DE"), or null when it is not known:
        /// drafts to a contact whose language has no template are written in it, or in English when it has none.
        /// </param>
        public DraftTemplates(IEnumerable<DraftTemplate> templates, string? organizationLanguage)
        {
            _byLanguage = templates.ToDictionary(t => t.Language, StringComparer.OrdinalIgnoreCase);
            OrganizationLanguage = string.IsNullOrWhiteSpace(organizationLanguage) ? null : organizationLanguage!.Trim();
            var organization = Find(OrganizationLanguage);
            if (organization == null && !_byLanguage.ContainsKey(ShippedBaseLanguage))
                throw new ArgumentException("Neither the organization's base language '" + OrganizationLanguage + "' nor English has a template; ship one.", nameof(templates));
            BaseLanguage = organization?.Language ?? ShippedBaseLanguage;
            OrganizationLanguageHasNoTemplate = OrganizationLanguage != null && organization == null;
            Quality = DraftQualityPolicy.Default.With(_byLanguage.Values.SelectMany(t => t.GenericPhrases), _byLanguage.Values.SelectMany(t => t.CallsToAction));
        }

        /// <summary>The language a draft is written in when the contact's has no template.</summary>
        public string BaseLanguage { get; }

        /// <summary>The organization's base language as read, or null.</summary>
        public string? OrganizationLanguage { get; }

        /// <summary>True when the organization's base language has no template, so drafts fall back to English.</summary>
        public bool OrganizationLanguageHasNoTemplate { get; }

        /// <summary>
        /// The quality gate's lists in effect: the shipped generic phrases and calls to action of every language, with
        /// those the administrators' templates add. An administrator adds phrases and never removes a shipped one.
        /// </summary>
        public DraftQualityPolicy Quality { get; }

        /// <summary>The template for a language code ("de-AT" uses "de"); null when none ships (the caller falls back).</summary>
        public DraftTemplate? Find(string? language)
        {
            if (string.IsNullOrWhiteSpace(language)) return null;
            var code = language!.Trim();
            if (_byLanguage.TryGetValue(code, out var exact)) return exact;
            var dash = code.IndexOfAny(new[] { '-', '_' });
            return dash > 0 && _byLanguage.TryGetValue(code.Substring(0, dash), out var neutral) ? neutral : null;
        }

        public DraftTemplate Base => _byLanguage[BaseLanguage];

        /// <summary>A section of the template, or for an optional one it leaves out, the shipped wording of its language (else English).</summary>
        public static string Section(DraftTemplate template, string name)
        {
            if (template.Sections.TryGetValue(name, out var text) && !string.IsNullOrWhiteSpace(text)) return text;
            var shipped = AllShipped.FirstOrDefault(t => string.Equals(t.Language, template.Language, StringComparison.OrdinalIgnoreCase)) ?? English;
            return shipped.Sections.TryGetValue(name, out var fallback) ? fallback : English.Sections[name];
        }

        /// <summary>
        /// The shipped templates with the administrators' stored ones in their place, language by language. A stored
        /// template is already valid (refused on save otherwise); one that is not valid anyway (imported past the check)
        /// is skipped with a warning naming it, and the shipped wording of its language is used. A base language with
        /// no template is warned about too: drafts then fall back to English and say so.
        /// </summary>
        public static DraftTemplates WithStored(IEnumerable<StoredTemplate> stored, string? organizationLanguage, IList<string> warnings)
        {
            var byLanguage = AllShipped.ToDictionary(t => t.Language, StringComparer.OrdinalIgnoreCase);
            foreach (var row in stored)
            {
                var template = DraftTemplate.FromStored(row, out var refusals);
                if (template == null)
                {
                    warnings.Add("The draft template '" + Text.PlainText.Of(row.Name, 100) + "' is not valid (" + string.Join(" ", refusals.Select(DraftWords.Describe))
                                 + "); drafts in its language use the shipped wording.");
                    continue;
                }
                byLanguage[template.Language] = template;
            }
            var templates = new DraftTemplates(byLanguage.Values, organizationLanguage);
            if (templates.OrganizationLanguageHasNoTemplate)
                warnings.Add("The organization's base language '" + Text.PlainText.Of(organizationLanguage, 20) + "' has no draft template, so drafts to contacts "
                             + "without a language of their own are written in English. Add a wb_drafttemplate row for that language.");
            return templates;
        }

        public static DraftTemplates Shipped(string? organizationLanguage = ShippedBaseLanguage) =>
            new DraftTemplates(AllShipped, organizationLanguage);

        /// <summary>The templates the suite ships, in the order they are listed.</summary>
        public static IReadOnlyList<DraftTemplate> AllShipped => new[] { English, German, French, Spanish };

        private static Dictionary<string, string> S(params string[] pairs)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < pairs.Length; i += 2) d[pairs[i]] = pairs[i + 1];
            return d;
        }

        public static readonly DraftTemplate English = new DraftTemplate("en", "en-GB", "d MMMM yyyy", S(
            "subject", "{account}: what went wrong and what we changed",
            "greeting", "Dear {firstName},",
            "greetingNoName", "Hello,",
            "opening.value", "We did not give {account} the value you pay us for, and I am sorry.",
            "opening.trust", "We broke commitments we made to {account}, and I am sorry.",
            "opening.experience", "Our service to {account} fell short of what we promised, and I am sorry.",
            "opening.growth", "We did not show {account} where we are going together, and I am sorry.",
            "opening.none", "I am writing about the problems {account} had with us.",
            "tenure", "You have worked with us since {since}.",
            "case", "Case {caseNumber}, \u201C{caseTitle}\u201D, was opened on {openedOn} and resolved on {resolvedOn}.",
            "caseOpen", "Case {caseNumber}, \u201C{caseTitle}\u201D, was opened on {openedOn} and is still open.",
            "caseSla", "Case {caseNumber} missed the response time we agreed.",
            "rootCause", "The cause was ours: {rootCause}",
            "rootCauseExternal", "The cause: {rootCause}",
            "fix", "What we changed: {fix}",
            "evidence", "How we know it works: {evidence}",
            "fixedOn", "The change has been in place since {fixedOn}.",
            "earlier", "We last wrote to you on {earlierOn}.",
            "meaning", "For {account}, this means the same problem should not reach you again.",
            "offer.priorityAttention", "For the next three months I will handle your cases myself, with priority.",
            "offer.redo", "We will redo the affected work at no cost.",
            "offer.planAtMilestone", "We can move you to a plan that matches your use when your next milestone is reached.",
            "offer.roadmapConversation", "I would like to show you what is coming on our roadmap and whether an upgrade fits your plans.",
            "offer.compensationInKind", "Because this happened more than once, we will add three months of priority service at no cost.",
            "nextStep", "Reply to this email with a time that suits you and I will walk you through the change in 20 minutes.",
            "signOff", "Kind regards,\n{senderName}\n{senderTitle}",
            "fallbackNote", "This draft is in {language} because no template ships in the contact's language.",
            "baseFallbackNote", "This draft is in {language} because no template ships in the organization's base language, {baseLanguage}."),
            new[] { "we miss you", "valued customer", "it's been a while", "special offer just for you", "as a token of our appreciation" },
            new[] { "reply to", "book a", "schedule a", "call me", "let me know", "click", "sign up" });

        public static readonly DraftTemplate German = new DraftTemplate("de", "de-DE", "d. MMMM yyyy", S(
            "subject", "{account}: was schiefging und was wir geändert haben",
            "greeting", "Guten Tag {firstName},",
            "greetingNoName", "Guten Tag,",
            "opening.value", "Wir haben {account} nicht den Wert geliefert, für den Sie bezahlen, und das tut mir leid.",
            "opening.trust", "Wir haben Zusagen an {account} nicht eingehalten, und das tut mir leid.",
            "opening.experience", "Unser Service für {account} blieb hinter unserem Versprechen zurück, und das tut mir leid.",
            "opening.growth", "Wir haben {account} nicht gezeigt, wohin wir gemeinsam gehen, und das tut mir leid.",
            "opening.none", "Ich schreibe Ihnen wegen der Probleme, die {account} mit uns hatte.",
            "tenure", "Sie arbeiten seit dem {since} mit uns.",
            "case", "Fall {caseNumber}, \u201E{caseTitle}\u201C, wurde am {openedOn} eröffnet und am {resolvedOn} gelöst.",
            "caseOpen", "Fall {caseNumber}, \u201E{caseTitle}\u201C, wurde am {openedOn} eröffnet und ist noch offen.",
            "caseSla", "Bei Fall {caseNumber} haben wir die vereinbarte Reaktionszeit verfehlt.",
            "rootCause", "Die Ursache lag bei uns: {rootCause}",
            "rootCauseExternal", "Die Ursache: {rootCause}",
            "fix", "Was wir geändert haben: {fix}",
            "evidence", "Woran wir sehen, dass es wirkt: {evidence}",
            "fixedOn", "Die Änderung gilt seit dem {fixedOn}.",
            "earlier", "Wir haben Ihnen zuletzt am {earlierOn} geschrieben.",
            "meaning", "Für {account} heißt das: Dasselbe Problem soll Sie nicht wieder treffen.",
            "offer.priorityAttention", "In den nächsten drei Monaten bearbeite ich Ihre Fälle selbst und vorrangig.",
            "offer.redo", "Wir erledigen die betroffene Arbeit kostenlos neu.",
            "offer.planAtMilestone", "Wir können Sie beim nächsten Meilenstein auf einen Tarif umstellen, der zu Ihrer Nutzung passt.",
            "offer.roadmapConversation", "Ich möchte Ihnen zeigen, was auf unserer Roadmap kommt und ob ein Upgrade zu Ihren Plänen passt.",
            "offer.compensationInKind", "Weil es mehr als einmal passiert ist, erhalten Sie drei Monate vorrangigen Service kostenlos.",
            "nextStep", "Antworten Sie auf diese E-Mail mit einem passenden Termin, und ich zeige Ihnen die Änderung in 20 Minuten.",
            "signOff", "Mit freundlichen Grüßen\n{senderName}\n{senderTitle}",
            "fallbackNote", "Dieser Entwurf ist auf {language}, weil keine Vorlage in der Sprache des Kontakts vorliegt.",
            "baseFallbackNote", "Dieser Entwurf ist auf {language}, weil keine Vorlage in der Basissprache der Organisation ({baseLanguage}) vorliegt."),
            new[] { "wir vermissen sie", "wir vermissen dich", "geschätzter kunde", "geschätzte kundin", "lange nicht gesehen", "sonderangebot nur für sie", "als zeichen unserer wertschätzung" },
            new[] { "antworten sie", "buchen sie", "rufen sie", "melden sie sich", "klicken sie" });

        public static readonly DraftTemplate French = new DraftTemplate("fr", "fr-FR", "d MMMM yyyy", S(
            "subject", "{account} : ce qui n'a pas marché et ce que nous avons changé",
            "greeting", "Bonjour {firstName},",
            "greetingNoName", "Bonjour,",
            "opening.value", "Nous n'avons pas apporté à {account} la valeur pour laquelle vous payez, et je le regrette.",
            "opening.trust", "Nous n'avons pas tenu nos engagements envers {account}, et je le regrette.",
            "opening.experience", "Notre service pour {account} n'a pas été à la hauteur de nos promesses, et je le regrette.",
            "opening.growth", "Nous n'avons pas montré à {account} où nous allons ensemble, et je le regrette.",
            "opening.none", "Je vous écris au sujet des problèmes que {account} a rencontrés avec nous.",
            "tenure", "Vous travaillez avec nous depuis le {since}.",
            "case", "Le dossier {caseNumber}, « {caseTitle} », a été ouvert le {openedOn} et résolu le {resolvedOn}.",
            "caseOpen", "Le dossier {caseNumber}, « {caseTitle} », a été ouvert le {openedOn} et reste ouvert.",
            "caseSla", "Pour le dossier {caseNumber}, nous avons dépassé le délai de réponse convenu.",
            "rootCause", "La cause venait de nous : {rootCause}",
            "rootCauseExternal", "La cause : {rootCause}",
            "fix", "Ce que nous avons changé : {fix}",
            "evidence", "Comment nous savons que cela fonctionne : {evidence}",
            "fixedOn", "Le changement est en place depuis le {fixedOn}.",
            "earlier", "Nous vous avons écrit pour la dernière fois le {earlierOn}.",
            "meaning", "Pour {account}, cela signifie que le même problème ne devrait plus vous toucher.",
            "offer.priorityAttention", "Pendant les trois prochains mois, je traiterai vos dossiers moi-même, en priorité.",
            "offer.redo", "Nous referons gratuitement le travail concerné.",
            "offer.planAtMilestone", "Nous pouvons vous passer à une formule adaptée à votre usage à votre prochaine étape.",
            "offer.roadmapConversation", "Je souhaite vous présenter notre feuille de route et voir si une évolution correspond à vos projets.",
            "offer.compensationInKind", "Comme cela s'est produit plus d'une fois, nous ajoutons trois mois de service prioritaire gratuit.",
            "nextStep", "Répondez à cet e-mail avec un créneau qui vous convient et je vous présenterai le changement en 20 minutes.",
            "signOff", "Bien cordialement,\n{senderName}\n{senderTitle}",
            "fallbackNote", "Ce brouillon est en {language} car aucun modèle n'existe dans la langue du contact.",
            "baseFallbackNote", "Ce brouillon est en {language} car aucun modèle n'existe dans la langue de base de l'organisation ({baseLanguage})."),
            new[] { "vous nous manquez", "client privilégié", "cher client", "ça fait longtemps", "cela fait longtemps", "offre spéciale rien que pour vous", "en signe de notre reconnaissance" },
            new[] { "répondez", "réservez", "appelez-moi", "cliquez", "faites-moi savoir" });

        public static readonly DraftTemplate Spanish = new DraftTemplate("es", "es-ES", "d 'de' MMMM 'de' yyyy", S(
            "subject", "{account}: qué falló y qué hemos cambiado",
            "greeting", "Estimado/a {firstName}:",
            "greetingNoName", "Hola:",
            "opening.value", "No dimos a {account} el valor por el que paga, y lo siento.",
            "opening.trust", "No cumplimos los compromisos que asumimos con {account}, y lo siento.",
            "opening.experience", "Nuestro servicio a {account} no estuvo a la altura de lo prometido, y lo siento.",
            "opening.growth", "No mostramos a {account} hacia dónde vamos juntos, y lo siento.",
            "opening.none", "Le escribo por los problemas que {account} tuvo con nosotros.",
            "tenure", "Trabaja con nosotros desde el {since}.",
            "case", "El caso {caseNumber}, «{caseTitle}», se abrió el {openedOn} y se resolvió el {resolvedOn}.",
            "caseOpen", "El caso {caseNumber}, «{caseTitle}», se abrió el {openedOn} y sigue abierto.",
            "caseSla", "En el caso {caseNumber} no cumplimos el tiempo de respuesta acordado.",
            "rootCause", "La causa fue nuestra: {rootCause}",
            "rootCauseExternal", "La causa: {rootCause}",
            "fix", "Lo que hemos cambiado: {fix}",
            "evidence", "Cómo sabemos que funciona: {evidence}",
            "fixedOn", "El cambio está en vigor desde el {fixedOn}.",
            "earlier", "Le escribimos por última vez el {earlierOn}.",
            "meaning", "Para {account}, esto significa que el mismo problema no debería volver a afectarle.",
            "offer.priorityAttention", "Durante los próximos tres meses atenderé sus casos personalmente y con prioridad.",
            "offer.redo", "Volveremos a hacer el trabajo afectado sin coste.",
            "offer.planAtMilestone", "Podemos pasarle a un plan acorde con su uso al alcanzar su próximo hito.",
            "offer.roadmapConversation", "Me gustaría mostrarle lo que viene en nuestra hoja de ruta y si una ampliación encaja con sus planes.",
            "offer.compensationInKind", "Como ocurrió más de una vez, añadiremos tres meses de servicio prioritario sin coste.",
            "nextStep", "Responda a este correo con una hora que le convenga y le mostraré el cambio en 20 minutos.",
            "signOff", "Saludos cordiales,\n{senderName}\n{senderTitle}",
            "fallbackNote", "Este borrador está en {language} porque no hay plantilla en el idioma del contacto.",
            "baseFallbackNote", "Este borrador está en {language} porque no hay plantilla en el idioma base de la organización ({baseLanguage})."),
            new[] { "le echamos de menos", "te echamos de menos", "cliente valioso", "estimado cliente", "ha pasado tiempo", "oferta especial solo para usted", "oferta especial solo para ti", "como muestra de nuestro agradecimiento" },
            new[] { "responda", "reserve", "llámeme", "haga clic", "hágame saber" });
    }

    /// <summary>Language names and codes as drafts need them.</summary>
    public static class DraftLanguages
    {
        /// <summary>The language's name in itself ("Deutsch" for "de"), or the code when it is not a known language.</summary>
        public static string NameOf(string? code)
        {
            if (string.IsNullOrWhiteSpace(code)) return "";
            try
            {
                var culture = CultureInfo.GetCultureInfo(code!.Trim());
                var name = culture.NativeName;
                return string.IsNullOrWhiteSpace(name) || culture.ThreeLetterISOLanguageName.Length == 0 ? code.Trim() : name;
            }
            catch (CultureNotFoundException)
            {
                return code!.Trim();
            }
        }

        /// <summary>
        /// A Windows language id, as Dataverse stores the organization's base language (organization.languagecode, e.g.
        /// 1031), as a language tag ("de-DE"); null when it is missing or not a language.
        /// </summary>
        public static string? FromLcid(int? lcid)
        {
            if (lcid == null || lcid.Value <= 0) return null;
            try
            {
                var name = CultureInfo.GetCultureInfo(lcid.Value).Name;
                return string.IsNullOrEmpty(name) ? null : name;
            }
            catch (CultureNotFoundException)
            {
                return null;
            }
        }
    }
}
