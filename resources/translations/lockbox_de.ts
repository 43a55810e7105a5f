<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ActivityLogApi</name>
    <message>
        <source>the subscription id is empty or not a usable id</source>
        <translation>die Abonnement-ID ist leer oder keine verwendbare ID</translation>
    </message>
    <message>
        <source>the time window is empty or reversed</source>
        <translation>das Zeitfenster ist leer oder umgekehrt</translation>
    </message>
</context>
<context>
    <name>ArmError</name>
    <message>
        <source>No error.</source>
        <translation>Kein Fehler.</translation>
    </message>
    <message>
        <source>Could not reach Azure (%1). Check the network connection, proxy and endpoint.</source>
        <translation>Azure ist nicht erreichbar (%1). Überprüfen Sie die Netzwerkverbindung, den Proxy und den Endpunkt.</translation>
    </message>
    <message>
        <source>Azure did not answer in time. Check the network; the call can be tried again.</source>
        <translation>Azure hat nicht rechtzeitig geantwortet. Überprüfen Sie das Netzwerk; der Aufruf kann wiederholt werden.</translation>
    </message>
    <message>
        <source>The secure connection to Azure could not be verified (%1). Certificate errors are never ignored: if the endpoint uses a private CA, add its certificate to the system&apos;s trust store.</source>
        <translation>Die sichere Verbindung zu Azure konnte nicht überprüft werden (%1). Zertifikatfehler werden nie ignoriert: Wenn der Endpunkt eine private Zertifizierungsstelle verwendet, fügen Sie deren Zertifikat dem Vertrauensspeicher des Systems hinzu.</translation>
    </message>
    <message>
        <source>Azure answered with HTTP %1 (%2), which the console does not expect.</source>
        <translation>Azure hat mit HTTP %1 (%2) geantwortet, was die Konsole nicht erwartet.</translation>
    </message>
    <message>
        <source>Azure rejected the sign-in (401 %1). Sign in again or set a new token.</source>
        <translation>Azure hat die Anmeldung abgelehnt (401 %1). Melden Sie sich erneut an, oder legen Sie ein neues Token fest.</translation>
    </message>
    <message>
        <source>Access denied (403 %1). Approving needs the Owner role or &quot;Azure Customer Lockbox Approver for Subscription&quot; on the subscription; ask an administrator, then sign in again.</source>
        <translation>Zugriff verweigert (403 %1). Zum Genehmigen ist die Rolle „Besitzer“ oder &quot;Azure Customer Lockbox Approver for Subscription&quot; für das Abonnement erforderlich; wenden Sie sich an einen Administrator, und melden Sie sich dann erneut an.</translation>
    </message>
    <message>
        <source>Not found (404 %1). The request or subscription no longer exists or is not visible to you; refresh the list.</source>
        <translation>Nicht gefunden (404 %1). Die Anforderung oder das Abonnement ist nicht mehr vorhanden oder für Sie nicht sichtbar; aktualisieren Sie die Liste.</translation>
    </message>
    <message>
        <source>Azure refused the change (409 %1). Refresh the request to see its state.</source>
        <translation>Azure hat die Änderung abgelehnt (409 %1). Aktualisieren Sie die Anforderung, um ihren Status zu sehen.</translation>
    </message>
    <message>
        <source>The request is no longer pending: its status is %1 (409 %2). Nothing was changed; refresh to see who decided it.</source>
        <translation>Die Anforderung ist nicht mehr ausstehend: Ihr Status ist %1 (409 %2). Es wurde nichts geändert; aktualisieren Sie, um zu sehen, wer entschieden hat.</translation>
    </message>
    <message numerus="yes">
        <source>Azure is throttling this client (429). Try again in %n second(s).</source>
        <translation>
            <numerusform>Azure drosselt diesen Client (429). Versuchen Sie es in %n Sekunde erneut.</numerusform>
            <numerusform>Azure drosselt diesen Client (429). Versuchen Sie es in %n Sekunden erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>Azure is throttling this client (429). Try again in a few seconds.</source>
        <translation>Azure drosselt diesen Client (429). Versuchen Sie es in einigen Sekunden erneut.</translation>
    </message>
    <message>
        <source>The call was not sent: %1.</source>
        <translation>Der Aufruf wurde nicht gesendet: %1.</translation>
    </message>
    <message>
        <source>Azure refused the call as invalid (400 %1).</source>
        <translation>Azure hat den Aufruf als ungültig abgelehnt (400 %1).</translation>
    </message>
    <message>
        <source>Azure had a server error (HTTP %1%2). This is usually brief; try again in a moment.</source>
        <translation>Bei Azure ist ein Serverfehler aufgetreten (HTTP %1%2). Dies ist meist nur von kurzer Dauer; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Azure&apos;s reply could not be read: %1.</source>
        <translation>Die Antwort von Azure konnte nicht gelesen werden: %1.</translation>
    </message>
    <message>
        <source>Refused to follow a next-page link to %1: it is not the configured endpoint, so nothing was sent there. Check the endpoint setting.</source>
        <translation>Einem Link zur nächsten Seite nach %1 wurde nicht gefolgt: Dies ist nicht der konfigurierte Endpunkt, daher wurde nichts dorthin gesendet. Überprüfen Sie die Endpunkteinstellung.</translation>
    </message>
    <message>
        <source>Azure redirected the call to %1, which is not the configured endpoint; the redirect was not followed. Check the endpoint setting.</source>
        <translation>Azure hat den Aufruf an %1 umgeleitet, was nicht der konfigurierte Endpunkt ist; der Umleitung wurde nicht gefolgt. Überprüfen Sie die Endpunkteinstellung.</translation>
    </message>
    <message>
        <source>No access token: %1</source>
        <translation>Kein Zugriffstoken: %1</translation>
    </message>
    <message>
        <source>The call was cancelled.</source>
        <translation>Der Aufruf wurde abgebrochen.</translation>
    </message>
    <message>
        <source>If this was a decision, the console reads the request again before any retry, so it is never applied twice.</source>
        <translation>Falls es sich um eine Entscheidung handelte, liest die Konsole die Anforderung vor jedem erneuten Versuch erneut, sodass sie nie doppelt angewendet wird.</translation>
    </message>
    <message>
        <source>(Azure request id %1)</source>
        <translation>(Azure-Anforderungs-ID %1)</translation>
    </message>
</context>
<context>
    <name>AzureJson</name>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>ein boolescher Wert</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>eine Zeichenfolge</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>ein Array</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>the reply body is empty</source>
        <translation>der Antworttext ist leer</translation>
    </message>
    <message>
        <source>the reply body is not JSON: it holds a NUL byte at offset %1</source>
        <translation>der Antworttext ist kein JSON: Er enthält ein NUL-Byte an Offset %1</translation>
    </message>
    <message>
        <source>the reply body is an HTML or XML page, not JSON</source>
        <translation>der Antworttext ist eine HTML- oder XML-Seite, kein JSON</translation>
    </message>
    <message>
        <source>the reply body is not valid JSON (%1 at offset %2)</source>
        <translation>der Antworttext ist kein gültiges JSON (%1 an Offset %2)</translation>
    </message>
    <message>
        <source>%1 must be %2, not %3</source>
        <translation>%1 muss %2 sein, nicht %3</translation>
    </message>
    <message>
        <source>%1 is %2 characters long; more than %3 is refused</source>
        <translation>%1 ist %2 Zeichen lang; mehr als %3 werden abgelehnt</translation>
    </message>
    <message>
        <source>%1 is missing</source>
        <translation>%1 fehlt</translation>
    </message>
    <message>
        <source>%1 is empty</source>
        <translation>%1 ist leer</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date-time in UTC (0 to 7 fractional digits, &quot;Z&quot; or an offset): %2</source>
        <translation>%1 ist keine ISO 8601-Datums-/Uhrzeitangabe in UTC (0 bis 7 Nachkommastellen, &quot;Z&quot; oder ein Offset): %2</translation>
    </message>
    <message>
        <source>a string or an array of strings</source>
        <translation>eine Zeichenfolge oder ein Array von Zeichenfolgen</translation>
    </message>
    <message>
        <source>%1[%2] must be a string, not %3</source>
        <translation>%1[%2] muss eine Zeichenfolge sein, nicht %3</translation>
    </message>
    <message>
        <source>%1 holds more than %2 characters; more is refused</source>
        <translation>%1 enthält mehr als %2 Zeichen; mehr werden abgelehnt</translation>
    </message>
    <message>
        <source>a list reply must be a JSON object {&quot;value&quot;: […]}, not an array</source>
        <translation>eine Listenantwort muss ein JSON-Objekt {&quot;value&quot;: […]} sein, kein Array</translation>
    </message>
    <message>
        <source>value is missing: a list reply is {&quot;value&quot;: […]}</source>
        <translation>value fehlt: Eine Listenantwort hat die Form {&quot;value&quot;: […]}</translation>
    </message>
    <message>
        <source>the page holds %1 items; more than %2 is refused</source>
        <translation>die Seite enthält %1 Elemente; mehr als %2 werden abgelehnt</translation>
    </message>
    <message>
        <source>%1 has no status</source>
        <translation>%1 hat keinen Status</translation>
    </message>
    <message>
        <source>%1 is not a finite number</source>
        <translation>%1 ist keine endliche Zahl</translation>
    </message>
    <message>
        <source>a string or a number</source>
        <translation>eine Zeichenfolge oder eine Zahl</translation>
    </message>
    <message>
        <source>the reply must be a JSON object (one request), not an array</source>
        <translation>die Antwort muss ein JSON-Objekt (eine Anforderung) sein, kein Array</translation>
    </message>
    <message>
        <source>value[%1] must be an object, not %2</source>
        <translation>value[%1] muss ein Objekt sein, nicht %2</translation>
    </message>
    <message>
        <source>… and %1 more warnings</source>
        <translation>… und %1 weitere Warnungen</translation>
    </message>
    <message>
        <source>%1 names an id longer than %2 characters</source>
        <translation>%1 nennt eine ID mit mehr als %2 Zeichen</translation>
    </message>
    <message>
        <source>the reply must be a JSON object {&quot;isOptedIn&quot;: true|false}, not an array</source>
        <translation>die Antwort muss ein JSON-Objekt {&quot;isOptedIn&quot;: true|false} sein, kein Array</translation>
    </message>
    <message>
        <source>isOptedIn is missing</source>
        <translation>isOptedIn fehlt</translation>
    </message>
    <message>
        <source>isOptedIn must be a boolean, not %1</source>
        <translation>isOptedIn muss ein boolescher Wert sein, nicht %1</translation>
    </message>
    <message>
        <source>invalid UTF8 string</source>
        <translation>ungültige UTF-8-Zeichenkette</translation>
    </message>
    <message>
        <source>too deeply nested document</source>
        <translation>zu tief verschachteltes Dokument</translation>
    </message>
    <message>
        <source>unescaped control character in a string</source>
        <translation>nicht maskiertes Steuerzeichen in einer Zeichenkette</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>nicht abgeschlossene Zeichenkette</translation>
    </message>
    <message>
        <source>illegal escape sequence in a string</source>
        <translation>ungültige Escape-Sequenz in einer Zeichenkette</translation>
    </message>
    <message>
        <source>illegal number</source>
        <translation>ungültige Zahl</translation>
    </message>
    <message>
        <source>missing or superfluous separator</source>
        <translation>fehlendes oder überzähliges Trennzeichen</translation>
    </message>
    <message>
        <source>unterminated object or array</source>
        <translation>nicht abgeschlossenes Objekt oder Array</translation>
    </message>
    <message>
        <source>garbage at the end of the document</source>
        <translation>überflüssige Zeichen am Ende des Dokuments</translation>
    </message>
    <message>
        <source>illegal value</source>
        <translation>ungültiger Wert</translation>
    </message>
    <message>
        <source>the reply body is not valid JSON (%1)</source>
        <translation>der Antworttext ist kein gültiges JSON (%1)</translation>
    </message>
</context>
<context>
    <name>LockboxApi</name>
    <message>
        <source>%1 is empty or not a usable id</source>
        <translation>%1 ist leer oder keine verwendbare ID</translation>
    </message>
    <message>
        <source>the subscription id is empty or not a usable id</source>
        <translation>die Abonnement-ID ist leer oder keine verwendbare ID</translation>
    </message>
    <message>
        <source>the subscription or request id</source>
        <translation>die Abonnement- oder Anforderungs-ID</translation>
    </message>
    <message>
        <source>the tenant id</source>
        <translation>die Mandanten-ID</translation>
    </message>
    <message>
        <source>the reply describes request &quot;%1&quot;, not the one asked for</source>
        <translation>die Antwort beschreibt die Anforderung &quot;%1&quot;, nicht die angefragte</translation>
    </message>
    <message>
        <source>the reply to the decision is empty</source>
        <translation>die Antwort auf die Entscheidung ist leer</translation>
    </message>
    <message>
        <source>the reply to the decision is not the JSON object Azure echoes</source>
        <translation>die Antwort auf die Entscheidung ist nicht das JSON-Objekt, das Azure zurückgibt</translation>
    </message>
</context>
<context>
    <name>RequestRowReader</name>
    <message>
        <source>out of memory</source>
        <translation>Nicht genügend Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Cannot read the request cache %1: %2</source>
        <translation>Der Anforderungs-Cache %1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>lockbox::Account</name>
    <message>
        <source>device code</source>
        <translation>Gerätecode</translation>
    </message>
    <message>
        <source>browser</source>
        <translation>Browser</translation>
    </message>
    <message>
        <source>Azure CLI</source>
        <translation>Azure CLI</translation>
    </message>
    <message>
        <source>client secret (application)</source>
        <translation>geheimer Clientschlüssel (Anwendung)</translation>
    </message>
    <message>
        <source>token from an environment variable</source>
        <translation>Token aus einer Umgebungsvariablen</translation>
    </message>
</context>
<context>
    <name>lockbox::ActivityListJob</name>
    <message>
        <source>the Activity Log events of subscription %1</source>
        <translation>die Aktivitätsprotokoll-Ereignisse des Abonnements %1</translation>
    </message>
</context>
<context>
    <name>lockbox::ArmCall</name>
    <message>
        <source>no token provider is configured</source>
        <translation>es ist kein Tokenanbieter konfiguriert</translation>
    </message>
    <message>
        <source>the token provider gave no token; sign in again</source>
        <translation>der Tokenanbieter hat kein Token geliefert; melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>cannot reach the sign-in service: %1</source>
        <translation>der Anmeldedienst ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>%1 (a second redirect, or one for a write)</source>
        <translation>%1 (eine zweite Umleitung oder eine für einen Schreibvorgang)</translation>
    </message>
    <message>
        <source>the reply took longer than %1 s</source>
        <translation>die Antwort hat länger als %1 s gedauert</translation>
    </message>
    <message>
        <source>the reply is larger than %1 MiB</source>
        <translation>die Antwort ist größer als %1 MiB</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 bei %2</translation>
    </message>
    <message>
        <source>no reply within %1 ms</source>
        <translation>keine Antwort innerhalb von %1 ms</translation>
    </message>
    <message>
        <source>the connection dropped before Azure answered</source>
        <translation>die Verbindung wurde getrennt, bevor Azure geantwortet hat</translation>
    </message>
    <message>
        <source>the reply has no HTTP status</source>
        <translation>die Antwort hat keinen HTTP-Status</translation>
    </message>
    <message>
        <source>the reply stalled for %1 ms after HTTP %2</source>
        <translation>die Antwort stockte %1 ms lang nach HTTP %2</translation>
    </message>
    <message>
        <source>the reply (HTTP %1) was cut short after %2 bytes: %3</source>
        <translation>die Antwort (HTTP %1) wurde nach %2 Bytes abgeschnitten: %3</translation>
    </message>
    <message>
        <source>HTTP %1 with an HTML page, as a gateway or proxy sends</source>
        <translation>HTTP %1 mit einer HTML-Seite, wie sie ein Gateway oder Proxy sendet</translation>
    </message>
    <message>
        <source>HTTP %1 without an ARM error body</source>
        <translation>HTTP %1 ohne ARM-Fehlertext</translation>
    </message>
</context>
<context>
    <name>lockbox::ArmClient</name>
    <message>
        <source>no token provider is configured</source>
        <translation>es ist kein Tokenanbieter konfiguriert</translation>
    </message>
    <message>
        <source>the endpoint %1 is plain HTTP on another machine; a token is only sent over HTTPS (or to a simulator on this machine)</source>
        <translation>der Endpunkt %1 ist einfaches HTTP auf einem anderen Computer; ein Token wird nur über HTTPS gesendet (oder an einen Simulator auf diesem Computer)</translation>
    </message>
    <message>
        <source>a link without a host</source>
        <translation>ein Link ohne Host</translation>
    </message>
</context>
<context>
    <name>lockbox::ArmPager</name>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Byte</translation>
    </message>
    <message>
        <source>nextLink is not a URL: &quot;%1&quot;</source>
        <translation>nextLink ist keine URL: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>nextLink points back to a page already fetched; the listing would never end</source>
        <translation>nextLink verweist auf eine bereits abgerufene Seite zurück; die Auflistung würde nie enden</translation>
    </message>
    <message>
        <source>the listing goes on past %1 pages</source>
        <translation>die Auflistung umfasst mehr als %1 Seiten</translation>
    </message>
    <message>
        <source>%1 go on past %2 items; one listing is limited to %2</source>
        <translation>%1 umfassen mehr als %2 Einträge; eine Auflistung ist auf %2 begrenzt</translation>
    </message>
    <message>
        <source>%1 go on past %2 of replies; one listing is limited to %2</source>
        <translation>%1 umfassen mehr als %2 an Antworten; eine Auflistung ist auf %2 begrenzt</translation>
    </message>
    <message>
        <source>the listing&apos;s items</source>
        <translation>die Einträge der Auflistung</translation>
    </message>
</context>
<context>
    <name>lockbox::AuthSession</name>
    <message>
        <source>not signed in</source>
        <translation>nicht angemeldet</translation>
    </message>
    <message>
        <source>not signed in: %1, and %2 is not set</source>
        <translation>nicht angemeldet: %1, und %2 ist nicht festgelegt</translation>
    </message>
    <message>
        <source>not signed in: %1</source>
        <translation>nicht angemeldet: %1</translation>
    </message>
    <message>
        <source>not signed in: the sign-in of %1 is no longer in the keychain</source>
        <translation>nicht angemeldet: Die Anmeldung von %1 befindet sich nicht mehr im Schlüsselbund</translation>
    </message>
    <message>
        <source>the sign-in gave no refresh token, so it cannot renew itself</source>
        <translation>die Anmeldung hat kein Aktualisierungstoken geliefert und kann sich daher nicht selbst erneuern</translation>
    </message>
    <message>
        <source>the account %1 (%2)</source>
        <translation>das Konto %1 (%2)</translation>
    </message>
    <message>
        <source>the refresh token (keychain)</source>
        <translation>das Aktualisierungstoken (Schlüsselbund)</translation>
    </message>
    <message>
        <source>the client secret (keychain)</source>
        <translation>der geheime Clientschlüssel (Schlüsselbund)</translation>
    </message>
</context>
<context>
    <name>lockbox::AzureCliTokenProvider</name>
    <message>
        <source>Azure CLI not found: install it or choose another sign-in</source>
        <translation>Azure CLI nicht gefunden: Installieren Sie die Azure CLI, oder wählen Sie eine andere Anmeldeart</translation>
    </message>
    <message numerus="yes">
        <source>Azure CLI did not answer within %n second(s)</source>
        <translation>
            <numerusform>Azure CLI hat nicht innerhalb von %n Sekunde geantwortet</numerusform>
            <numerusform>Azure CLI hat nicht innerhalb von %n Sekunden geantwortet</numerusform>
        </translation>
    </message>
    <message>
        <source>Azure CLI is not signed in: run &apos;az login&apos; (or choose another sign-in)</source>
        <translation>Azure CLI ist nicht angemeldet: Führen Sie &apos;az login&apos; aus (oder wählen Sie eine andere Anmeldeart)</translation>
    </message>
    <message>
        <source>Azure CLI failed (exit code %1)</source>
        <translation>Azure CLI ist fehlgeschlagen (Exitcode %1)</translation>
    </message>
    <message>
        <source>Azure CLI failed: %1</source>
        <translation>Azure CLI ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Azure CLI gave no usable token (unexpected output of &apos;az account get-access-token&apos;)</source>
        <translation>Azure CLI hat kein verwendbares Token geliefert (unerwartete Ausgabe von &apos;az account get-access-token&apos;)</translation>
    </message>
</context>
<context>
    <name>lockbox::BrowserFlow</name>
    <message numerus="yes">
        <source>Nobody finished the sign-in in the browser within %n minute(s).</source>
        <translation>
            <numerusform>Niemand hat die Anmeldung im Browser innerhalb von %n Minute abgeschlossen.</numerusform>
            <numerusform>Niemand hat die Anmeldung im Browser innerhalb von %n Minuten abgeschlossen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The browser&apos;s answer cannot come back to %1: the sign-in listens on 127.0.0.1 and ::1 only.</source>
        <translation>Die Antwort des Browsers kann nicht an %1 zurückgehen: Die Anmeldung lauscht nur auf 127.0.0.1 und ::1.</translation>
    </message>
    <message>
        <source>The sign-in address %1 is not HTTPS.</source>
        <translation>Die Anmeldeadresse %1 verwendet kein HTTPS.</translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation>Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>You can close this window.</source>
        <translation>Sie können dieses Fenster schließen.</translation>
    </message>
    <message>
        <source>Sign-in already over</source>
        <translation>Anmeldung bereits beendet</translation>
    </message>
    <message>
        <source>This sign-in is already over.</source>
        <translation>Diese Anmeldung ist bereits beendet.</translation>
    </message>
    <message>
        <source>Nothing to do</source>
        <translation>Nichts zu tun</translation>
    </message>
    <message>
        <source>This address only takes the answer of a sign-in.</source>
        <translation>Diese Adresse nimmt nur die Antwort einer Anmeldung entgegen.</translation>
    </message>
    <message>
        <source>Not this sign-in</source>
        <translation>Nicht diese Anmeldung</translation>
    </message>
    <message>
        <source>This answer does not belong to the sign-in in progress, so it was ignored.</source>
        <translation>Diese Antwort gehört nicht zur laufenden Anmeldung und wurde daher ignoriert.</translation>
    </message>
    <message>
        <source>The sign-in was declined.</source>
        <translation>Die Anmeldung wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sign-in failed: %1</source>
        <translation>Die Anmeldung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>Lockbox Console received your sign-in.</source>
        <translation>Lockbox Console hat Ihre Anmeldung empfangen.</translation>
    </message>
    <message>
        <source>The sign-in could not be completed: %1</source>
        <translation>Die Anmeldung konnte nicht abgeschlossen werden: %1</translation>
    </message>
    <message>
        <source>The sign-in answer does not belong to this sign-in (nonce mismatch).</source>
        <translation>Die Anmeldeantwort gehört nicht zu dieser Anmeldung (Nonce stimmt nicht überein).</translation>
    </message>
    <message>
        <source>The sign-in is not recent enough: sign in again with your password or other credentials (a remembered sign-in does not count).</source>
        <translation>Die Anmeldung ist nicht aktuell genug: Melden Sie sich erneut mit Ihrem Kennwort oder anderen Anmeldeinformationen an (eine gespeicherte Anmeldung zählt nicht).</translation>
    </message>
</context>
<context>
    <name>lockbox::ClientCredentialsFlow</name>
    <message>
        <source>A client id is needed to sign in as an application.</source>
        <translation>Für die Anmeldung als Anwendung ist eine Client-ID erforderlich.</translation>
    </message>
    <message>
        <source>A tenant (id or domain) is needed to sign in as an application.</source>
        <translation>Für die Anmeldung als Anwendung ist ein Mandant (ID oder Domäne) erforderlich.</translation>
    </message>
    <message>
        <source>No client secret: set the environment variable %1.</source>
        <translation>Kein geheimer Clientschlüssel: Legen Sie die Umgebungsvariable %1 fest.</translation>
    </message>
    <message>
        <source>The application&apos;s credentials were refused: %1</source>
        <translation>Die Anmeldeinformationen der Anwendung wurden abgelehnt: %1</translation>
    </message>
    <message>
        <source>The application could not sign in: %1</source>
        <translation>Die Anwendung konnte sich nicht anmelden: %1</translation>
    </message>
</context>
<context>
    <name>lockbox::DecisionService</name>
    <message>
        <source>No request %1 in the cache; run a sync first.</source>
        <translation>Keine Anforderung %1 im Cache; führen Sie zuerst eine Synchronisierung aus.</translation>
    </message>
    <message>
        <source>resumed after an interruption</source>
        <translation>nach einer Unterbrechung fortgesetzt</translation>
    </message>
    <message>
        <source>Request %1 is no longer listed by Azure (a sync removed it since you reviewed it); nothing was sent.</source>
        <translation>Anforderung %1 wird von Azure nicht mehr aufgeführt (eine Synchronisierung hat sie seit Ihrer Prüfung entfernt); es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Request %1</source>
        <translation>Anforderung %1</translation>
    </message>
    <message>
        <source>%1 changed on the server since you reviewed it; nothing was sent. Review it again.</source>
        <translation>%1 wurde seit Ihrer Prüfung auf dem Server geändert; es wurde nichts gesendet. Prüfen Sie die Anforderung erneut.</translation>
    </message>
    <message>
        <source>the cached request could not be read to check it: %1</source>
        <translation>die zwischengespeicherte Anforderung konnte zur Prüfung nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The request is no longer pending; its status is %1.</source>
        <translation>Die Anforderung ist nicht mehr ausstehend; ihr Status ist %1.</translation>
    </message>
</context>
<context>
    <name>lockbox::DeviceCodeFlow</name>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation>Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot start the device code sign-in: %1</source>
        <translation>Die Anmeldung per Gerätecode kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>The sign-in service sent an unusable device code answer (no code or no https verification address).</source>
        <translation>Der Anmeldedienst hat eine unbrauchbare Gerätecode-Antwort gesendet (kein Code oder keine https-Bestätigungsadresse).</translation>
    </message>
    <message>
        <source>The code %1 expired before the sign-in was finished; start again.</source>
        <translation>Der Code %1 ist abgelaufen, bevor die Anmeldung abgeschlossen wurde; beginnen Sie erneut.</translation>
    </message>
    <message>
        <source>The sign-in was declined.</source>
        <translation>Die Anmeldung wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The sign-in service no longer knows this code; start again.</source>
        <translation>Der Anmeldedienst kennt diesen Code nicht mehr; beginnen Sie erneut.</translation>
    </message>
    <message>
        <source>The sign-in failed: %1</source>
        <translation>Die Anmeldung ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>lockbox::EnvironmentTokenProvider</name>
    <message>
        <source>No token: the environment variable %1 is empty or not set. Set it to an Azure Resource Manager bearer token (for example from &apos;az account get-access-token&apos;).</source>
        <translation>Kein Token: Die Umgebungsvariable %1 ist leer oder nicht gesetzt. Setzen Sie sie auf ein Bearer-Token für Azure Resource Manager (zum Beispiel aus &apos;az account get-access-token&apos;).</translation>
    </message>
    <message>
        <source>The token in %1 was rejected or has expired; set a new one.</source>
        <translation>Das Token in %1 wurde abgelehnt oder ist abgelaufen; setzen Sie ein neues.</translation>
    </message>
    <message>
        <source>token from $%1</source>
        <translation>Token aus $%1</translation>
    </message>
</context>
<context>
    <name>lockbox::LoopbackReceiver</name>
    <message>
        <source>cannot listen on 127.0.0.1 and ::1 for the browser&apos;s answer: %1</source>
        <translation>auf 127.0.0.1 und ::1 kann nicht auf die Antwort des Browsers gewartet werden: %1</translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation>Anfrage zu groß</translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation>Die Anfrage ist zu groß.</translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation>Ungültige Anfrage</translation>
    </message>
    <message>
        <source>This is not an HTTP request.</source>
        <translation>Dies ist keine HTTP-Anfrage.</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Nicht zulässig</translation>
    </message>
    <message>
        <source>Only GET is served here.</source>
        <translation>Hier wird nur GET unterstützt.</translation>
    </message>
    <message>
        <source>Unexpected request target.</source>
        <translation>Unerwartetes Anfrageziel.</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>Hier gibt es nichts.</translation>
    </message>
    <message>
        <source>en</source>
        <comment>the language code of this translation (the sign-in page&apos;s lang)</comment>
        <translation>de</translation>
    </message>
</context>
<context>
    <name>lockbox::OAuthCall</name>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>no network access is configured</source>
        <translation>es ist kein Netzwerkzugriff konfiguriert</translation>
    </message>
    <message>
        <source>the sign-in address %1 is not HTTPS; credentials are only sent over HTTPS (or to a simulator on this machine)</source>
        <translation>die Anmeldeadresse %1 ist kein HTTPS; Anmeldeinformationen werden nur über HTTPS gesendet (oder an einen Simulator auf diesem Computer)</translation>
    </message>
    <message>
        <source>the sign-in service sent an oversized answer</source>
        <translation>der Anmeldedienst hat eine übergroße Antwort gesendet</translation>
    </message>
    <message>
        <source>cannot reach the sign-in service at %1: %2</source>
        <translation>der Anmeldedienst unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>the sign-in service answered 200 without a JSON object</source>
        <translation>der Anmeldedienst hat mit 200 ohne JSON-Objekt geantwortet</translation>
    </message>
    <message>
        <source>the sign-in service answered with a redirect (HTTP %1), which is not followed</source>
        <translation>der Anmeldedienst hat mit einer Umleitung geantwortet (HTTP %1), der nicht gefolgt wird</translation>
    </message>
    <message>
        <source>the sign-in service answered HTTP %1%2</source>
        <translation>der Anmeldedienst hat mit HTTP %1%2 geantwortet</translation>
    </message>
</context>
<context>
    <name>lockbox::RefreshingTokenProvider</name>
    <message>
        <source>not signed in: sign in again</source>
        <translation>nicht angemeldet: Melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>signed out: sign in again (%1)</source>
        <translation>abgemeldet: Melden Sie sich erneut an (%1)</translation>
    </message>
    <message>
        <source>the application&apos;s client secret was refused: %1; sign in again with the current secret</source>
        <translation>der geheime Clientschlüssel der Anwendung wurde abgelehnt: %1; melden Sie sich mit dem aktuellen geheimen Schlüssel erneut an</translation>
    </message>
    <message>
        <source>cannot renew the sign-in: %1</source>
        <translation>die Anmeldung kann nicht erneuert werden: %1</translation>
    </message>
</context>
<context>
    <name>lockbox::RequestListJob</name>
    <message>
        <source>the requests of subscription %1</source>
        <translation>die Anforderungen des Abonnements %1</translation>
    </message>
</context>
<context>
    <name>lockbox::SecretStore</name>
    <message>
        <source>Nothing is kept in the keychain for this profile.</source>
        <translation>Für dieses Profil ist nichts im Schlüsselbund gespeichert.</translation>
    </message>
    <message>
        <source>The system keychain refused: %1 (is it locked?)</source>
        <translation>Der Systemschlüsselbund hat abgelehnt: %1 (ist er gesperrt?)</translation>
    </message>
    <message>
        <source>No system keychain: you will have to sign in each time</source>
        <translation>Kein Systemschlüsselbund: Sie müssen sich jedes Mal anmelden</translation>
    </message>
</context>
<context>
    <name>lockbox::SignInManager</name>
    <message>
        <source>This way of signing in cannot be started.</source>
        <translation>Diese Anmeldemethode kann nicht gestartet werden.</translation>
    </message>
</context>
<context>
    <name>lockbox::StepUp</name>
    <message>
        <source>Signing in again before approving needs a user sign-in (device code or browser), not %1.</source>
        <translation>Für die erneute Anmeldung vor dem Genehmigen ist eine Benutzeranmeldung (Gerätecode oder Browser) erforderlich, nicht %1.</translation>
    </message>
    <message>
        <source>You signed in as %1, not as %2; the decision was not sent.</source>
        <translation>Sie haben sich als %1 angemeldet, nicht als %2; die Entscheidung wurde nicht gesendet.</translation>
    </message>
</context>
<context>
    <name>lockbox::SubscriptionListJob</name>
    <message>
        <source>the subscriptions</source>
        <translation>die Abonnements</translation>
    </message>
</context>
<context>
    <name>lockbox::SwitchableTokenProvider</name>
    <message>
        <source>Not signed in.</source>
        <translation>Nicht angemeldet.</translation>
    </message>
</context>
<context>
    <name>lockbox::Token</name>
    <message>
        <source>the sign-in service answered without a usable access token</source>
        <translation>der Anmeldedienst hat ohne verwendbares Zugriffstoken geantwortet</translation>
    </message>
    <message>
        <source>the sign-in service gave a token of another type than Bearer</source>
        <translation>der Anmeldedienst hat ein Token eines anderen Typs als Bearer geliefert</translation>
    </message>
    <message>
        <source>the sign-in service gave an unusable refresh token</source>
        <translation>der Anmeldedienst hat ein unbrauchbares Aktualisierungstoken geliefert</translation>
    </message>
</context>
<context>
    <name>lockbox::cli</name>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>in %1 s</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>in %1 Min.</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>in %1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>Signed in as</source>
        <translation>Angemeldet als</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>token from $%1</source>
        <translation>Token aus $%1</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Authority</source>
        <translation>Autorität</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Token expires</source>
        <translation>Token läuft ab</translation>
    </message>
    <message>
        <source>--endpoint wants an http(s) URL such as https://management.azure.com, not &apos;%1&apos;</source>
        <translation>--endpoint erwartet eine http(s)-URL wie https://management.azure.com, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--authority wants an http(s) URL such as https://login.microsoftonline.com, not &apos;%1&apos;</source>
        <translation>--authority erwartet eine http(s)-URL wie https://login.microsoftonline.com, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--profile wants a directory</source>
        <translation>--profile erwartet ein Verzeichnis</translation>
    </message>
    <message>
        <source>--format wants table, json or csv, not &apos;%1&apos;</source>
        <translation>--format erwartet table, json oder csv, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--token-env wants the name of an environment variable, such as LOCKBOX_TOKEN</source>
        <translation>--token-env erwartet den Namen einer Umgebungsvariablen, z. B. LOCKBOX_TOKEN</translation>
    </message>
    <message>
        <source>--timeout wants seconds from 1 to 3600, not &apos;%1&apos;</source>
        <translation>--timeout erwartet Sekunden von 1 bis 3600, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--concurrency wants a number of subscriptions from 1 to 32, not &apos;%1&apos;</source>
        <translation>--concurrency erwartet eine Anzahl von Abonnements von 1 bis 32, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--%1 takes no value</source>
        <translation>--%1 akzeptiert keinen Wert</translation>
    </message>
    <message>
        <source>--%1 needs a value</source>
        <translation>--%1 benötigt einen Wert</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>Usage: lockboxctl [global options] COMMAND [options]

Commands:
</source>
        <translation>Verwendung: lockboxctl [globale Optionen] BEFEHL [Optionen]

Befehle:
</translation>
    </message>
    <message>
        <source>this text, or the help of one command</source>
        <translation>dieser Text oder die Hilfe zu einem Befehl</translation>
    </message>
    <message>
        <source>Global options (before or after the command):</source>
        <translation>Globale Optionen (vor oder nach dem Befehl):</translation>
    </message>
    <message>
        <source>Exit codes: 0 ok, 1 usage, 2 not signed in or token rejected, 3 forbidden, 4 not found or not pending, 5 network or server failure after retries, 6 integrity failure.</source>
        <translation>Exitcodes: 0 OK, 1 Aufruffehler, 2 nicht angemeldet oder Token abgelehnt, 3 nicht berechtigt, 4 nicht gefunden oder nicht ausstehend, 5 Netzwerk- oder Serverfehler nach Wiederholungen, 6 Integritätsfehler.</translation>
    </message>
    <message>
        <source>Global options and exit codes: lockboxctl help</source>
        <translation>Globale Optionen und Exitcodes: lockboxctl help</translation>
    </message>
    <message>
        <source>%1 new, %2 changed, %3 removed, %4 unchanged</source>
        <translation>%1 neu, %2 geändert, %3 entfernt, %4 unverändert</translation>
    </message>
    <message>
        <source>only this subscription (repeat the option for more); default: every subscription the sign-in can see</source>
        <translation>nur dieses Abonnement (Option für weitere wiederholen); Standard: jedes Abonnement, das die Anmeldung sehen kann</translation>
    </message>
    <message>
        <source>the tenant (default: the signed-in account&apos;s, else that of the first subscription the sign-in can see)</source>
        <translation>der Mandant (Standard: der des angemeldeten Kontos, sonst der des ersten Abonnements, das die Anmeldung sehen kann)</translation>
    </message>
    <message>
        <source>do not ask to type the tenant id; needed where standard input is not a terminal</source>
        <translation>nicht zur Eingabe der Mandanten-ID auffordern; erforderlich, wenn die Standardeingabe kein Terminal ist</translation>
    </message>
    <message>
        <source>one sync now; prints what changed</source>
        <translation>eine Synchronisierung jetzt; gibt die Änderungen aus</translation>
    </message>
    <message>
        <source>Reads Azure&apos;s Lockbox requests into the local cache and prints what changed. Without --full only pending requests are polled, except for subscriptions never fully synced or due for a full list (every 15 minutes). Decisions still queued from an earlier failure are sent first.

With --import-activity-log it then imports the Lockbox events of the same subscriptions&apos; Activity Log into the audit trail (importing twice adds nothing) and prints one line on what the trail holds; &apos;audit&apos; lists the records.</source>
        <translation>Liest die Lockbox-Anforderungen von Azure in den lokalen Cache und gibt die Änderungen aus. Ohne --full werden nur ausstehende Anforderungen abgefragt, außer für Abonnements, die noch nie vollständig synchronisiert wurden oder für die eine vollständige Liste fällig ist (alle 15 Minuten). Entscheidungen, die nach einem früheren Fehler noch in der Warteschlange stehen, werden zuerst gesendet.

Mit --import-activity-log werden anschließend die Lockbox-Ereignisse aus dem Aktivitätsprotokoll derselben Abonnements in den Prüfverlauf importiert (ein zweiter Import fügt nichts hinzu), und eine Zeile fasst den Inhalt des Prüfverlaufs zusammen; &apos;audit&apos; listet die Einträge auf.</translation>
    </message>
    <message>
        <source>list every request, not only the pending ones</source>
        <translation>alle Anforderungen auflisten, nicht nur die ausstehenden</translation>
    </message>
    <message>
        <source>then import the Lockbox events of Azure&apos;s Activity Log (last 89 days) and summarise them</source>
        <translation>anschließend die Lockbox-Ereignisse aus dem Azure-Aktivitätsprotokoll (letzte 89 Tage) importieren und zusammenfassen</translation>
    </message>
    <message>
        <source>requests from the cache</source>
        <translation>Anforderungen aus dem Cache</translation>
    </message>
    <message>
        <source>Lists requests from the local cache (run &apos;sync&apos; to refresh it).</source>
        <translation>Listet Anforderungen aus dem lokalen Cache auf (führen Sie &apos;sync&apos; aus, um ihn zu aktualisieren).</translation>
    </message>
    <message>
        <source>pending (the default): waiting for a decision; active: approved and still inside the access duration; history: everything else; all; or one of Azure&apos;s statuses, e.g. Approved</source>
        <translation>pending (Standard): warten auf eine Entscheidung; active: genehmigt und noch innerhalb der Zugriffsdauer; history: alle übrigen; all; oder einer der Azure-Status, z. B. Approved</translation>
    </message>
    <message>
        <source>only requests of this subscription (repeat the option for more)</source>
        <translation>nur Anforderungen dieses Abonnements (Option für weitere wiederholen)</translation>
    </message>
    <message>
        <source>only requests with TEXT in their id, subscription, status, justification, resource type, resources or support case</source>
        <translation>nur Anforderungen mit TEXT in ID, Abonnement, Status, Begründung, Ressourcentyp, Ressourcen oder Supportfall</translation>
    </message>
    <message>
        <source>one request with its timeline</source>
        <translation>eine Anforderung mit ihrem Zeitverlauf</translation>
    </message>
    <message>
        <source>One request from the cache, with every field and its timeline.</source>
        <translation>Eine Anforderung aus dem Cache, mit allen Feldern und ihrem Zeitverlauf.</translation>
    </message>
    <message>
        <source>approve; exit 0 only when Azure accepted</source>
        <translation>genehmigen; Exitcode 0 nur, wenn Azure die Entscheidung angenommen hat</translation>
    </message>
    <message>
        <source>Approves a pending request. Exit 0 only when Azure accepted the decision; when it could not be sent, it stays queued (see &apos;queue&apos;) and goes out at the next sync.</source>
        <translation>Genehmigt eine ausstehende Anforderung. Exitcode 0 nur, wenn Azure die Entscheidung angenommen hat; konnte sie nicht gesendet werden, bleibt sie in der Warteschlange (siehe &apos;queue&apos;) und wird bei der nächsten Synchronisierung gesendet.</translation>
    </message>
    <message>
        <source>why; sent with the decision and kept in the audit trail</source>
        <translation>Grund; wird mit der Entscheidung gesendet und im Prüfverlauf festgehalten</translation>
    </message>
    <message>
        <source>deny</source>
        <translation>ablehnen</translation>
    </message>
    <message>
        <source>Denies a pending request; the reason is required. Exit 0 only when Azure accepted the decision; when it could not be sent, it stays queued (see &apos;queue&apos;) and goes out at the next sync.</source>
        <translation>Lehnt eine ausstehende Anforderung ab; der Grund ist erforderlich. Exitcode 0 nur, wenn Azure die Entscheidung angenommen hat; konnte sie nicht gesendet werden, bleibt sie in der Warteschlange (siehe &apos;queue&apos;) und wird bei der nächsten Synchronisierung gesendet.</translation>
    </message>
    <message>
        <source>why (required); Microsoft Support sees it, and it is kept in the audit trail</source>
        <translation>Grund (erforderlich); der Microsoft-Support sieht ihn, und er wird im Prüfverlauf festgehalten</translation>
    </message>
    <message>
        <source>decisions not yet acknowledged</source>
        <translation>noch nicht bestätigte Entscheidungen</translation>
    </message>
    <message>
        <source>Shows the decisions not yet acknowledged by Azure.</source>
        <translation>Zeigt die Entscheidungen an, die Azure noch nicht bestätigt hat.</translation>
    </message>
    <message>
        <source>withdraw a queued decision</source>
        <translation>eine Entscheidung aus der Warteschlange zurückziehen</translation>
    </message>
    <message>
        <source>Withdraws the queued decision on request ID before it is sent.</source>
        <translation>Zieht die Entscheidung zur Anforderung ID aus der Warteschlange zurück, bevor sie gesendet wird.</translation>
    </message>
    <message>
        <source>the audit trail</source>
        <translation>der Prüfverlauf</translation>
    </message>
    <message>
        <source>Shows the local audit trail: every decision queued, sent, acknowledged, failed or withdrawn, and the events imported from Azure&apos;s Activity Log, in order of event time, oldest first (records of the same time in the order they were recorded); the same for --format csv and json. The console&apos;s history and its export list newest first.</source>
        <translation>Zeigt den lokalen Prüfverlauf an: jede Entscheidung, die in die Warteschlange gestellt, gesendet, bestätigt, fehlgeschlagen oder zurückgezogen wurde, sowie die aus dem Azure-Aktivitätsprotokoll importierten Ereignisse, nach Ereigniszeit sortiert, die ältesten zuerst (Einträge mit derselben Zeit in der Reihenfolge ihrer Aufzeichnung); dasselbe gilt für --format csv und json. Der Verlauf der Konsole und sein Export listen die neuesten zuerst auf.</translation>
    </message>
    <message>
        <source>records from T on (an ISO 8601 date or date-time, UTC)</source>
        <translation>Einträge ab T (ein Datum oder Datum mit Uhrzeit nach ISO 8601, UTC)</translation>
    </message>
    <message>
        <source>records up to T (a date counts to its end)</source>
        <translation>Einträge bis T (ein Datum gilt bis zu seinem Ende)</translation>
    </message>
    <message>
        <source>only the records of request ID</source>
        <translation>nur die Einträge der Anforderung ID</translation>
    </message>
    <message>
        <source>check the hash chain instead; exit 6 when a record was altered, removed, reordered or inserted</source>
        <translation>stattdessen die Hash-Kette prüfen; Exitcode 6, wenn ein Eintrag geändert, entfernt, umsortiert oder eingefügt wurde</translation>
    </message>
    <message>
        <source>first import the Lockbox events of Azure&apos;s Activity Log (last 89 days); without --since, --until or --request it then says how many were new instead of listing the whole trail</source>
        <translation>zuerst die Lockbox-Ereignisse aus dem Azure-Aktivitätsprotokoll (letzte 89 Tage) importieren; ohne --since, --until oder --request wird dann angegeben, wie viele neu waren, statt den gesamten Verlauf aufzulisten</translation>
    </message>
    <message>
        <source>the subscription whose Activity Log to import (repeat the option for more); default: those in the cache</source>
        <translation>das Abonnement, dessen Aktivitätsprotokoll importiert werden soll (Option für weitere wiederholen); Standard: die im Cache</translation>
    </message>
    <message>
        <source>subscriptions the signed-in user can see</source>
        <translation>Abonnements, die der angemeldete Benutzer sehen kann</translation>
    </message>
    <message>
        <source>Lists the subscriptions the signed-in user or application can see. --format json prints an array of objects with subscriptionId, displayName, state and tenantId.</source>
        <translation>Listet die Abonnements auf, die der angemeldete Benutzer bzw. die angemeldete Anwendung sehen kann. --format json gibt ein Array von Objekten mit subscriptionId, displayName, state und tenantId aus.</translation>
    </message>
    <message>
        <source>whether Customer Lockbox is enabled for the tenant</source>
        <translation>ob die Kunden-Lockbox für den Mandanten aktiviert ist</translation>
    </message>
    <message>
        <source>Says whether Customer Lockbox is enabled for the tenant.</source>
        <translation>Gibt an, ob die Kunden-Lockbox für den Mandanten aktiviert ist.</translation>
    </message>
    <message>
        <source>enable Customer Lockbox for the whole tenant</source>
        <translation>Kunden-Lockbox für den gesamten Mandanten aktivieren</translation>
    </message>
    <message>
        <source>Enables Customer Lockbox for every subscription of the tenant, which only a Global Administrator may do (exit 3 otherwise). It asks you to type the tenant id to confirm; where standard input is not a terminal, pass --yes instead.</source>
        <translation>Aktiviert die Kunden-Lockbox für alle Abonnements des Mandanten; dies darf nur ein globaler Administrator (sonst Exitcode 3). Zur Bestätigung müssen Sie die Mandanten-ID eingeben; wenn die Standardeingabe kein Terminal ist, übergeben Sie stattdessen --yes.</translation>
    </message>
    <message>
        <source>disable it: Microsoft Support then needs no consent</source>
        <translation>deaktivieren: Der Microsoft-Support benötigt dann keine Zustimmung</translation>
    </message>
    <message>
        <source>Disables Customer Lockbox for the tenant: Microsoft Support then accesses customer data without asking anyone. Only a Global Administrator may do it (exit 3 otherwise). It asks you to type the tenant id to confirm; where standard input is not a terminal, pass --yes instead.</source>
        <translation>Deaktiviert die Kunden-Lockbox für den Mandanten: Der Microsoft-Support greift dann ohne Rückfrage auf Kundendaten zu. Dies darf nur ein globaler Administrator (sonst Exitcode 3). Zur Bestätigung müssen Sie die Mandanten-ID eingeben; wenn die Standardeingabe kein Terminal ist, übergeben Sie stattdessen --yes.</translation>
    </message>
    <message>
        <source>stay running and relay each alert: new, reminder, decided, expired</source>
        <translation>weiterlaufen und jede Benachrichtigung weiterleiten: neu, Erinnerung, entschieden, abgelaufen</translation>
    </message>
    <message>
        <source>seconds between two polls (default 60)</source>
        <translation>Sekunden zwischen zwei Abfragen (Standard 60)</translation>
    </message>
    <message>
        <source>run CMD (with /bin/sh -c) for each event, the event as JSON on standard input (repeat the option for more)</source>
        <translation>CMD (mit /bin/sh -c) für jedes Ereignis ausführen, das Ereignis als JSON auf der Standardeingabe (Option für weitere wiederholen)</translation>
    </message>
    <message>
        <source>seconds a command may run before it is stopped and tried again (default 60)</source>
        <translation>Sekunden, die ein Befehl laufen darf, bevor er beendet und erneut versucht wird (Standard 60)</translation>
    </message>
    <message>
        <source>post each event to the incoming webhook whose address is in this file (one address a line; keep the file private: chmod 600)</source>
        <translation>jedes Ereignis an den eingehenden Webhook senden, dessen Adresse in dieser Datei steht (eine Adresse pro Zeile; halten Sie die Datei privat: chmod 600)</translation>
    </message>
    <message>
        <source>post each event to the webhook whose address is in the environment variable VAR</source>
        <translation>jedes Ereignis an den Webhook senden, dessen Adresse in der Umgebungsvariablen VAR steht</translation>
    </message>
    <message>
        <source>post each event to this webhook (visible to other users in the process list: prefer --webhook-file)</source>
        <translation>jedes Ereignis an diesen Webhook senden (für andere Benutzer in der Prozessliste sichtbar: besser --webhook-file verwenden)</translation>
    </message>
    <message>
        <source>teams, slack or json (default: by the host: hooks.slack.com is slack, *.webhook.office.com, *.logic.azure.com and Power Automate are teams, any other json)</source>
        <translation>teams, slack oder json (Standard: nach Host: hooks.slack.com ist slack, *.webhook.office.com, *.logic.azure.com und Power Automate sind teams, alle anderen json)</translation>
    </message>
    <message>
        <source>on a target&apos;s first run, relay the requests already pending too</source>
        <translation>beim ersten Lauf eines Ziels auch die bereits ausstehenden Anforderungen weiterleiten</translation>
    </message>
    <message>
        <source>sign in; later commands renew tokens by themselves</source>
        <translation>anmelden; spätere Befehle erneuern Token selbstständig</translation>
    </message>
    <message>
        <source>Signs the profile in with Microsoft Entra ID; later commands on the profile renew their tokens by themselves until &apos;logout&apos;. What renews them (the refresh token; for --client-secret, the secret) is kept in the system keychain (Secret Service), never in the profile. Without a keychain you have to sign in each time.

The global --authority URL and --endpoint URL override the cloud&apos;s authority and ARM endpoint (for example lockbox-sim&apos;s base URL for both).</source>
        <translation>Meldet das Profil bei Microsoft Entra ID an; spätere Befehle für das Profil erneuern ihre Token selbstständig bis &apos;logout&apos;. Was sie erneuert (das Aktualisierungstoken; bei --client-secret der geheime Schlüssel), wird im Schlüsselbund des Systems (Secret Service) gespeichert, nie im Profil. Ohne Schlüsselbund müssen Sie sich jedes Mal anmelden.

Die globalen Optionen --authority URL und --endpoint URL überschreiben die Autorität und den ARM-Endpunkt der Cloud (zum Beispiel für beide die Basis-URL von lockbox-sim).</translation>
    </message>
    <message>
        <source>(the default) shows a code to enter at a web page, on any device</source>
        <translation>(Standard) zeigt einen Code an, der auf einer Webseite eingegeben wird, auf einem beliebigen Gerät</translation>
    </message>
    <message>
        <source>opens the browser; the answer comes back to 127.0.0.1 on this machine</source>
        <translation>öffnet den Browser; die Antwort kommt an 127.0.0.1 auf diesem Computer zurück</translation>
    </message>
    <message>
        <source>uses the Azure CLI&apos;s sign-in (&apos;az login&apos;); asks az for each token</source>
        <translation>verwendet die Anmeldung der Azure CLI (&apos;az login&apos;); fordert jedes Token bei az an</translation>
    </message>
    <message>
        <source>signs in as an application: --tenant and --client-id are required and the secret is read from the environment variable LOCKBOX_CLIENT_SECRET</source>
        <translation>meldet sich als Anwendung an: --tenant und --client-id sind erforderlich, und der geheime Schlüssel wird aus der Umgebungsvariablen LOCKBOX_CLIENT_SECRET gelesen</translation>
    </message>
    <message>
        <source>tenant id or domain (default: organizations)</source>
        <translation>Mandanten-ID oder Domäne (Standard: organizations)</translation>
    </message>
    <message>
        <source>the application (default: the Azure CLI&apos;s public client)</source>
        <translation>die Anwendung (Standard: der öffentliche Client der Azure CLI)</translation>
    </message>
    <message>
        <source>public (default), usgov or china: sets the sign-in authority and ARM</source>
        <translation>public (Standard), usgov oder china: legt die Anmeldeautorität und ARM fest</translation>
    </message>
    <message>
        <source>with --browser, only print the address to open</source>
        <translation>mit --browser nur die zu öffnende Adresse ausgeben</translation>
    </message>
    <message>
        <source>sign out: remove the keychain secrets and the account</source>
        <translation>abmelden: die geheimen Schlüssel im Schlüsselbund und das Konto entfernen</translation>
    </message>
    <message>
        <source>Signs the profile out: removes its secrets from the keychain and forgets the account. Says what was removed.</source>
        <translation>Meldet das Profil ab: entfernt seine geheimen Schlüssel aus dem Schlüsselbund und vergisst das Konto. Gibt an, was entfernt wurde.</translation>
    </message>
    <message>
        <source>who is signed in, where, and until when</source>
        <translation>wer angemeldet ist, wo und bis wann</translation>
    </message>
    <message>
        <source>Who the profile is signed in as: user or application, tenant, cloud, authority, endpoint, how it signed in and when the current token expires (it renews the token to find out).</source>
        <translation>Als wer das Profil angemeldet ist: Benutzer oder Anwendung, Mandant, Cloud, Autorität, Endpunkt, wie die Anmeldung erfolgte und wann das aktuelle Token abläuft (dazu wird das Token erneuert).</translation>
    </message>
    <message>
        <source>Azure Resource Manager (default https://management.azure.com; remembered in the profile); plain http only to 127.0.0.1, ::1 or localhost</source>
        <translation>Azure Resource Manager (Standard https://management.azure.com; wird im Profil gespeichert); einfaches HTTP nur zu 127.0.0.1, ::1 oder localhost</translation>
    </message>
    <message>
        <source>Entra ID sign-in authority for login (default per --cloud; remembered with the account)</source>
        <translation>Entra ID-Anmeldeautorität für login (Standard je nach --cloud; wird mit dem Konto gespeichert)</translation>
    </message>
    <message>
        <source>where the cache, audit trail and settings live</source>
        <translation>wo Cache, Prüfverlauf und Einstellungen liegen</translation>
    </message>
    <message>
        <source>table (default), json or csv</source>
        <translation>table (Standard), json oder csv</translation>
    </message>
    <message>
        <source>read the bearer token from environment variable VAR (remembered; for automation without login)</source>
        <translation>das Bearer-Token aus der Umgebungsvariablen VAR lesen (wird gespeichert; für Automatisierung ohne login)</translation>
    </message>
    <message>
        <source>per-request timeout in seconds (default 30)</source>
        <translation>Zeitlimit pro Anfrage in Sekunden (Standard 30)</translation>
    </message>
    <message>
        <source>subscriptions synced at once, sharing one ARM read budget (default 4)</source>
        <translation>gleichzeitig synchronisierte Abonnements, die sich ein ARM-Lesekontingent teilen (Standard 4)</translation>
    </message>
    <message>
        <source>log what happens on standard error</source>
        <translation>Ablauf auf der Standardfehlerausgabe protokollieren</translation>
    </message>
    <message>
        <source>this text; after a command, that command&apos;s help</source>
        <translation>dieser Text; nach einem Befehl die Hilfe zu diesem Befehl</translation>
    </message>
    <message>
        <source>the version of lockboxctl</source>
        <translation>die Version von lockboxctl</translation>
    </message>
    <message>
        <source>Stays running, syncs every --interval seconds and relays what the alert policy tells, as the console&apos;s alerts do: a new pending request, a reminder before one expires, a request decided (by whom, when the profile knows) and one that expired or ended. Each event is printed as one line (a JSON object per line with --format json) and delivered to each --exec command and webhook. Which events alert, the reminder lead time and quiet hours are the profile&apos;s alert settings, shared with the console. SIGTERM or Ctrl+C stops it; one watch runs per profile.

Every event is written to the profile&apos;s alert journal before it is delivered, and delivered from there: at least once to each target, and never twice after a restart. A target that cannot take it now (a 5xx, 408 or 429 answer, a network failure, a command that fails or runs past --exec-timeout) gets it again later, waiting twice as long each time up to 5 minutes and as long as a Retry-After asks; a webhook that refuses it (any other 4xx) is reported once on standard error. What happened while no watch ran is relayed at the next start, except on a target&apos;s very first run: requests already pending then are recorded as seen, not relayed (--include-existing relays them).

--exec runs its command with /bin/sh -c, the event as JSON on standard input and its key fields in LOCKBOX_EVENT (new, reminder, decided, expired, removed, ended), LOCKBOX_EVENT_ID, LOCKBOX_TITLE, LOCKBOX_REQUEST_ID, LOCKBOX_SUBSCRIPTION_ID, LOCKBOX_SUBSCRIPTION_NAME, LOCKBOX_RESOURCE, LOCKBOX_RESOURCE_TYPE, LOCKBOX_STATUS, LOCKBOX_EXPIRES, LOCKBOX_SECONDS_LEFT, LOCKBOX_VERDICT, LOCKBOX_DECIDED_BY and LOCKBOX_PORTAL_URL; nothing of the event is put into the command&apos;s text, and neither LOCKBOX_CLIENT_SECRET nor the token variable reaches it. Exit 0 means delivered.

A webhook gets a message Microsoft Teams (an Adaptive Card, as Teams workflows and incoming webhooks take it) or Slack (text and blocks) shows, or the event&apos;s JSON. Its address must be https:// (plain http only to this machine) and is a secret: give it with --webhook-file or --webhook-env rather than --webhook, which other users can read in the process list.</source>
        <translation>Läuft dauerhaft, synchronisiert alle --interval Sekunden und leitet weiter, was die Benachrichtigungsrichtlinie vorgibt, so wie es die Benachrichtigungen der Konsole tun: eine neue ausstehende Anforderung, eine Erinnerung vor dem Ablauf einer Anforderung, eine entschiedene Anforderung (von wem, sofern das Profil es weiß) sowie eine abgelaufene oder beendete Anforderung. Jedes Ereignis wird als eine Zeile ausgegeben (mit --format json ein JSON-Objekt pro Zeile) und an jeden --exec-Befehl und jeden Webhook zugestellt. Welche Ereignisse eine Benachrichtigung auslösen, die Vorlaufzeit der Erinnerung und die Ruhezeiten sind die Benachrichtigungseinstellungen des Profils, die es mit der Konsole teilt. SIGTERM oder Strg+C beendet den Befehl; pro Profil läuft nur ein watch.

Jedes Ereignis wird vor der Zustellung in das Benachrichtigungsjournal des Profils geschrieben und von dort aus zugestellt: mindestens einmal an jedes Ziel und nach einem Neustart nie doppelt. Ein Ziel, das es gerade nicht annehmen kann (eine Antwort 5xx, 408 oder 429, ein Netzwerkfehler, ein Befehl, der fehlschlägt oder länger als --exec-timeout läuft), erhält es später erneut; die Wartezeit verdoppelt sich dabei jedes Mal bis auf höchstens 5 Minuten und beträgt mindestens so viel, wie ein Retry-After verlangt. Ein Webhook, der es ablehnt (jeder andere 4xx-Code), wird einmal auf der Standardfehlerausgabe gemeldet. Was geschehen ist, während kein watch lief, wird beim nächsten Start weitergeleitet, außer beim allerersten Lauf eines Ziels: Bereits ausstehende Anforderungen werden dann als gesehen vermerkt, nicht weitergeleitet (--include-existing leitet sie weiter).

--exec führt seinen Befehl mit /bin/sh -c aus, mit dem Ereignis als JSON auf der Standardeingabe und seinen wichtigsten Feldern in LOCKBOX_EVENT (new, reminder, decided, expired, removed, ended), LOCKBOX_EVENT_ID, LOCKBOX_TITLE, LOCKBOX_REQUEST_ID, LOCKBOX_SUBSCRIPTION_ID, LOCKBOX_SUBSCRIPTION_NAME, LOCKBOX_RESOURCE, LOCKBOX_RESOURCE_TYPE, LOCKBOX_STATUS, LOCKBOX_EXPIRES, LOCKBOX_SECONDS_LEFT, LOCKBOX_VERDICT, LOCKBOX_DECIDED_BY und LOCKBOX_PORTAL_URL; nichts vom Ereignis wird in den Text des Befehls eingesetzt, und weder LOCKBOX_CLIENT_SECRET noch die Token-Variable erreichen ihn. Exitcode 0 bedeutet zugestellt.

Ein Webhook erhält eine Nachricht, die Microsoft Teams (eine Adaptive Card, wie Teams-Workflows und eingehende Webhooks sie annehmen) oder Slack (Text und Blöcke) anzeigt, oder das JSON des Ereignisses. Seine Adresse muss mit https:// beginnen (einfaches http nur zu diesem Computer) und ist geheim: Geben Sie sie mit --webhook-file oder --webhook-env an statt mit --webhook, das andere Benutzer in der Prozessliste lesen können.</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::AuditCommand</name>
    <message>
        <source>--since wants a date or date-time such as 2026-11-01, not &apos;%1&apos;</source>
        <translation>--since erwartet ein Datum oder eine Datum-Uhrzeit-Angabe wie 2026-11-01, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--until wants a date or date-time such as 2026-11-30, not &apos;%1&apos;</source>
        <translation>--until erwartet ein Datum oder eine Datum-Uhrzeit-Angabe wie 2026-11-30, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Activity Log: %1
</source>
        <translation>Aktivitätsprotokoll: %1
</translation>
    </message>
    <message numerus="yes">
        <source>imported %n new Activity Log record(s)
</source>
        <translation>
            <numerusform>%n neuer Eintrag aus dem Aktivitätsprotokoll importiert
</numerusform>
            <numerusform>%n neue Einträge aus dem Aktivitätsprotokoll importiert
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new Activity Log record(s). &apos;lockboxctl audit --since DATE&apos; lists the trail.
</source>
        <translation>
            <numerusform>%n neuer Eintrag aus dem Aktivitätsprotokoll importiert. &apos;lockboxctl audit --since DATE&apos; listet den Prüfverlauf auf.
</numerusform>
            <numerusform>%n neue Einträge aus dem Aktivitätsprotokoll importiert. &apos;lockboxctl audit --since DATE&apos; listet den Prüfverlauf auf.
</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::CommandContext</name>
    <message>
        <source>run &apos;lockboxctl login&apos;, or pass --token-env VAR, where the environment variable VAR holds an Azure Resource Manager bearer token (e.g. from &apos;az account get-access-token&apos;)</source>
        <translation>führen Sie &apos;lockboxctl login&apos; aus, oder übergeben Sie --token-env VAR, wobei die Umgebungsvariable VAR ein Bearer-Token für Azure Resource Manager enthält (z. B. aus &apos;az account get-access-token&apos;)</translation>
    </message>
    <message>
        <source>the endpoint</source>
        <translation>der Endpunkt</translation>
    </message>
    <message>
        <source>not signed in: the environment variable %1 is empty or not set; set it to a bearer token</source>
        <translation>nicht angemeldet: die Umgebungsvariable %1 ist leer oder nicht gesetzt; setzen Sie sie auf ein Bearer-Token</translation>
    </message>
    <message>
        <source>not signed in: %1</source>
        <translation>nicht angemeldet: %1</translation>
    </message>
    <message>
        <source>; run &apos;lockboxctl login&apos;</source>
        <translation>; führen Sie &apos;lockboxctl login&apos; aus</translation>
    </message>
    <message>
        <source>cannot list the subscriptions: %1</source>
        <translation>die Abonnements können nicht aufgelistet werden: %1</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::CommandOptions</name>
    <message>
        <source>&apos;%1 %2&apos;: unknown option; see &apos;lockboxctl help %1&apos;</source>
        <translation>&apos;%1 %2&apos;: unbekannte Option; siehe &apos;lockboxctl help %1&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no option --%2; see &apos;lockboxctl help %1&apos;</source>
        <translation>&apos;%1&apos; hat keine Option --%2; siehe &apos;lockboxctl help %1&apos;</translation>
    </message>
    <message>
        <source>--%1 takes no value</source>
        <translation>--%1 akzeptiert keinen Wert</translation>
    </message>
    <message>
        <source>--%1 needs a value</source>
        <translation>--%1 benötigt einen Wert</translation>
    </message>
    <message>
        <source>--%1 given twice</source>
        <translation>--%1 wurde zweimal angegeben</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: unexpected argument &apos;%2&apos;; see &apos;lockboxctl help %1&apos;</source>
        <translation>&apos;%1&apos;: unerwartetes Argument &apos;%2&apos;; siehe &apos;lockboxctl help %1&apos;</translation>
    </message>
    <message numerus="yes">
        <source>&apos;%1&apos; needs %n argument(s); see &apos;lockboxctl help %1&apos;</source>
        <translation>
            <numerusform>&apos;%1&apos; benötigt %n Argument; siehe &apos;lockboxctl help %1&apos;</numerusform>
            <numerusform>&apos;%1&apos; benötigt %n Argumente; siehe &apos;lockboxctl help %1&apos;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::DecideCommand</name>
    <message>
        <source>deny needs a reason: --reason &quot;…&quot; (Microsoft Support sees it)</source>
        <translation>deny erfordert einen Grund: --reason &quot;…&quot; (der Microsoft-Support sieht ihn)</translation>
    </message>
    <message>
        <source>no request %1 in the cache; run &apos;lockboxctl sync&apos; first</source>
        <translation>keine Anforderung %1 im Cache; führen Sie zuerst &apos;lockboxctl sync&apos; aus</translation>
    </message>
    <message>
        <source>%1: %2 accepted by Azure; the request is now %3
</source>
        <translation>%1: %2 von Azure angenommen; die Anforderung ist jetzt %3
</translation>
    </message>
    <message>
        <source>%1: the decision failed: %2</source>
        <translation>%1: die Entscheidung ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1: the decision could not be sent (%2); it stays queued and goes out at the next &apos;lockboxctl sync&apos; (or withdraw it with &apos;lockboxctl queue withdraw %1&apos;)</source>
        <translation>%1: die Entscheidung konnte nicht gesendet werden (%2); sie bleibt in der Warteschlange und wird beim nächsten &apos;lockboxctl sync&apos; gesendet (oder ziehen Sie sie mit &apos;lockboxctl queue withdraw %1&apos; zurück)</translation>
    </message>
    <message>
        <source>%1 already has a decision on its way (%2, %3); see &apos;lockboxctl queue&apos;</source>
        <translation>für %1 ist bereits eine Entscheidung unterwegs (%2, %3); siehe &apos;lockboxctl queue&apos;</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::ListCommand</name>
    <message>
        <source>unknown status &apos;%1&apos;: use pending, active, history, all or one of Azure&apos;s statuses (%2)</source>
        <translation>unbekannter Status &apos;%1&apos;: verwenden Sie pending, active, history, all oder einen der Azure-Status (%2)</translation>
    </message>
    <message>
        <source> (%1 queued)</source>
        <translation> (%1 in der Warteschlange)</translation>
    </message>
    <message>
        <source>no %1 requests in the cache (run &apos;lockboxctl sync&apos; to refresh it)
</source>
        <translation>keine Anforderungen mit Status %1 im Cache (führen Sie &apos;lockboxctl sync&apos; aus, um ihn zu aktualisieren)
</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::Lockboxctl</name>
    <message>
        <source>&apos;%1&apos; needs a sub-command: %1 %2</source>
        <translation>&apos;%1&apos; benötigt einen Unterbefehl: %1 %2</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;; see &apos;lockboxctl help&apos;</source>
        <translation>unbekannter Befehl &apos;%1&apos;; siehe &apos;lockboxctl help&apos;</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::LoginCommand</name>
    <message>
        <source>choose one way to sign in: --device-code, --browser, --az-cli or --client-secret</source>
        <translation>wählen Sie eine Anmeldemethode: --device-code, --browser, --az-cli oder --client-secret</translation>
    </message>
    <message>
        <source>--cloud wants public, usgov or china, not &apos;%1&apos; (use --authority and --endpoint for other endpoints)</source>
        <translation>--cloud erwartet public, usgov oder china, nicht &apos;%1&apos; (verwenden Sie --authority und --endpoint für andere Endpunkte)</translation>
    </message>
    <message>
        <source>the authority %1 is plain HTTP on another machine; sign-in only goes over HTTPS (or to a simulator on this machine)</source>
        <translation>die Autorität %1 verwendet einfaches HTTP auf einem anderen Computer; die Anmeldung erfolgt nur über HTTPS (oder an einen Simulator auf diesem Computer)</translation>
    </message>
    <message>
        <source>login --client-secret needs --tenant T and --client-id C (and the secret in the environment variable %1)</source>
        <translation>login --client-secret benötigt --tenant T und --client-id C (und den geheimen Schlüssel in der Umgebungsvariablen %1)</translation>
    </message>
    <message>
        <source>login --client-secret reads the secret from the environment variable %1, which is empty or not set (a secret is never taken from the command line)</source>
        <translation>login --client-secret liest den geheimen Schlüssel aus der Umgebungsvariablen %1, die leer oder nicht gesetzt ist (ein geheimer Schlüssel wird nie von der Befehlszeile übernommen)</translation>
    </message>
    <message>
        <source>
To sign in, open this page in a browser (on any device):

    %1

and enter the code

    %2

Waiting for the sign-in (the code expires in %3 min; Ctrl+C cancels)...
</source>
        <translation>
Öffnen Sie zum Anmelden diese Seite in einem Browser (auf einem beliebigen Gerät):

    %1

und geben Sie den Code ein:

    %2

Warten auf die Anmeldung (der Code läuft in %3 Min. ab; Strg+C bricht ab)...
</translation>
    </message>
    <message>
        <source>
To sign in, open this address in a browser on this machine:

    %1

Waiting for the sign-in (Ctrl+C cancels)...
</source>
        <translation>
Öffnen Sie zum Anmelden diese Adresse in einem Browser auf diesem Computer:

    %1

Warten auf die Anmeldung (Strg+C bricht ab)...
</translation>
    </message>
    <message>
        <source>not signed in: %1</source>
        <translation>nicht angemeldet: %1</translation>
    </message>
    <message>
        <source>later commands read the secret from %1 again</source>
        <translation>spätere Befehle lesen den geheimen Schlüssel erneut aus %1</translation>
    </message>
    <message>
        <source>later commands will say &apos;not signed in&apos;</source>
        <translation>spätere Befehle melden &apos;nicht angemeldet&apos;</translation>
    </message>
    <message>
        <source>lockboxctl: warning: the sign-in is not kept: %1; %2
</source>
        <translation>lockboxctl: Warnung: Die Anmeldung wird nicht gespeichert: %1; %2
</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::LogoutCommand</name>
    <message>
        <source>lockboxctl: note: %1
</source>
        <translation>lockboxctl: Hinweis: %1
</translation>
    </message>
    <message>
        <source>Not signed in; nothing to remove.
</source>
        <translation>Nicht angemeldet; es gibt nichts zu entfernen.
</translation>
    </message>
    <message>
        <source>Removed %1.
</source>
        <translation>Entfernt: %1.
</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::PrintTarget</name>
    <message>
        <source>standard output</source>
        <translation>Standardausgabe</translation>
    </message>
    <message>
        <source>%1  %2  %3  %4  expires %5%6  %7</source>
        <translation>%1  %2  %3  %4  läuft ab %5%6  %7</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>%1  %2  %3  %4  %5</source>
        <translation>%1  %2  %3  %4  %5</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::QueueCommand</name>
    <message>
        <source>no decisions waiting to be sent
</source>
        <translation>keine Entscheidungen warten auf das Senden
</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::ShowCommand</name>
    <message>
        <source>%1 (not an Azure portal address)</source>
        <translation>%1 (keine Azure-Portal-Adresse)</translation>
    </message>
    <message>
        <source>%1 (not an Azure portal address: %2)</source>
        <translation>%1 (keine Azure-Portal-Adresse: %2)</translation>
    </message>
    <message>
        <source>no request %1 in the cache</source>
        <translation>keine Anforderung %1 im Cache</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anforderung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n Std.</numerusform>
            <numerusform>%n Std.</numerusform>
        </translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Access until</source>
        <translation>Zugriff bis</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Zugriffsebene</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>(nicht angegeben)</translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation>Ressourcentyp</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Support case</source>
        <translation>Supportfall</translation>
    </message>
    <message>
        <source>Case link</source>
        <translation>Link zum Fall</translation>
    </message>
    <message>
        <source>Work item</source>
        <translation>Arbeitselement</translation>
    </message>
    <message>
        <source>Justification</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>
Timeline:
</source>
        <translation>
Zeitverlauf:
</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::SubscriptionsCommand</name>
    <message>
        <source>cannot list the subscriptions: %1</source>
        <translation>die Abonnements können nicht aufgelistet werden: %1</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::SyncCommand</name>
    <message>
        <source>queued decision on %1: %2%3
</source>
        <translation>Entscheidung in der Warteschlange für %1: %2%3
</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>full</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>Activity Log: %1
</source>
        <translation>Aktivitätsprotokoll: %1
</translation>
    </message>
    <message numerus="yes">
        <source>for %n subscription(s)</source>
        <translation>
            <numerusform>für %n Abonnement</numerusform>
            <numerusform>für %n Abonnements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Activity Log: no Lockbox events in the last %n day(s) %1.
</source>
        <translation>
            <numerusform>Aktivitätsprotokoll: keine Lockbox-Ereignisse am letzten %n Tag %1.
</numerusform>
            <numerusform>Aktivitätsprotokoll: keine Lockbox-Ereignisse in den letzten %n Tagen %1.
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Activity Log: %n record(s) %1, %2 … %3 (%4 new). &apos;lockboxctl audit --since %2&apos; lists them.
</source>
        <translation>
            <numerusform>Aktivitätsprotokoll: %n Eintrag %1, %2 … %3 (%4 neu). &apos;lockboxctl audit --since %2&apos; listet ihn auf.
</numerusform>
            <numerusform>Aktivitätsprotokoll: %n Einträge %1, %2 … %3 (%4 neu). &apos;lockboxctl audit --since %2&apos; listet sie auf.
</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::TenantCommand</name>
    <message>
        <source>&apos;tenant %1&apos; changes Customer Lockbox for the whole tenant: pass --yes to confirm (standard input is not a terminal to ask on)</source>
        <translation>&apos;tenant %1&apos; ändert Kunden-Lockbox für den gesamten Mandanten: Geben Sie zur Bestätigung --yes an (die Standardeingabe ist kein Terminal, an dem nachgefragt werden kann)</translation>
    </message>
    <message>
        <source>cannot read the tenant&apos;s Lockbox status: %1</source>
        <translation>der Lockbox-Status des Mandanten kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Customer Lockbox is enabled for tenant %1.
</source>
        <translation>Kunden-Lockbox ist für Mandant %1 aktiviert.
</translation>
    </message>
    <message>
        <source>Customer Lockbox is DISABLED for tenant %1: Microsoft Support needs no consent to access customer data.
</source>
        <translation>Kunden-Lockbox ist für Mandant %1 DEAKTIVIERT: Der Microsoft-Support benötigt keine Zustimmung, um auf Kundendaten zuzugreifen.
</translation>
    </message>
    <message>
        <source>This enables Customer Lockbox for every subscription of tenant %1.
</source>
        <translation>Dadurch wird Kunden-Lockbox für alle Abonnements von Mandant %1 aktiviert.
</translation>
    </message>
    <message>
        <source>This DISABLES Customer Lockbox for tenant %1: Microsoft Support will then access customer data without asking anyone.
</source>
        <translation>Dadurch wird Kunden-Lockbox für Mandant %1 DEAKTIVIERT: Der Microsoft-Support greift dann ohne Nachfrage auf Kundendaten zu.
</translation>
    </message>
    <message>
        <source>Type the tenant id to confirm: </source>
        <translation>Geben Sie zur Bestätigung die Mandanten-ID ein: </translation>
    </message>
    <message>
        <source>not confirmed; nothing was changed</source>
        <translation>nicht bestätigt; es wurde nichts geändert</translation>
    </message>
    <message>
        <source>only a Global Administrator can enable or disable Customer Lockbox for the tenant (%1)</source>
        <translation>nur ein globaler Administrator kann Kunden-Lockbox für den Mandanten aktivieren oder deaktivieren (%1)</translation>
    </message>
    <message>
        <source>cannot %1 Customer Lockbox: %2</source>
        <translation>Kunden-Lockbox kann nicht %1 werden: %2</translation>
    </message>
    <message>
        <source>enable</source>
        <translation>aktiviert</translation>
    </message>
    <message>
        <source>disable</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>Customer Lockbox is now enabled for tenant %1.
</source>
        <translation>Kunden-Lockbox ist jetzt für Mandant %1 aktiviert.
</translation>
    </message>
    <message>
        <source>Customer Lockbox is now DISABLED for tenant %1: Microsoft Support needs no consent to access customer data.
</source>
        <translation>Kunden-Lockbox ist jetzt für Mandant %1 DEAKTIVIERT: Der Microsoft-Support benötigt keine Zustimmung, um auf Kundendaten zuzugreifen.
</translation>
    </message>
    <message>
        <source>cannot find the tenant: %1</source>
        <translation>der Mandant kann nicht gefunden werden: %1</translation>
    </message>
    <message>
        <source>no subscription names the tenant; pass --tenant ID</source>
        <translation>kein Abonnement nennt den Mandanten; geben Sie --tenant ID an</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::WatchCommand</name>
    <message>
        <source>lockboxctl: note: a --webhook address on the command line can be read by other users of this machine (in the process list); --webhook-file or --webhook-env keeps it private
</source>
        <translation>lockboxctl: Hinweis: Eine --webhook-Adresse in der Befehlszeile kann von anderen Benutzern dieses Computers gelesen werden (in der Prozessliste); mit --webhook-file oder --webhook-env bleibt sie privat
</translation>
    </message>
    <message>
        <source>--webhook-file %1: %2</source>
        <translation>--webhook-file %1: %2</translation>
    </message>
    <message>
        <source>lockboxctl: note: %1 can be read by other users; the webhook address is a secret (chmod 600 %1)
</source>
        <translation>lockboxctl: Hinweis: %1 kann von anderen Benutzern gelesen werden; die Webhook-Adresse ist geheim (chmod 600 %1)
</translation>
    </message>
    <message>
        <source>--webhook-file %1 holds no address</source>
        <translation>--webhook-file %1 enthält keine Adresse</translation>
    </message>
    <message>
        <source>--webhook-env %1: the variable is empty or not set</source>
        <translation>--webhook-env %1: Die Variable ist leer oder nicht festgelegt</translation>
    </message>
    <message>
        <source>--webhook-format wants teams, slack or json</source>
        <translation>--webhook-format erwartet teams, slack oder json</translation>
    </message>
    <message>
        <source>--exec-timeout wants whole seconds, 1 or more</source>
        <translation>--exec-timeout erwartet ganze Sekunden, mindestens 1</translation>
    </message>
    <message>
        <source>lockboxctl: the alert journal: %1
</source>
        <translation>lockboxctl: Benachrichtigungsjournal: %1
</translation>
    </message>
    <message>
        <source>lockboxctl: %1: %2</source>
        <translation>lockboxctl: %1: %2</translation>
    </message>
    <message>
        <source>lockboxctl: %1: delivered %2</source>
        <translation>lockboxctl: %1: %2 zugestellt</translation>
    </message>
    <message>
        <source>lockboxctl: %1: gave up on %2: %3</source>
        <translation>lockboxctl: %1: %2 aufgegeben: %3</translation>
    </message>
    <message>
        <source>lockboxctl: %1: could not deliver %2 (%3, attempt %4); trying again in %5 s</source>
        <translation>lockboxctl: %1: %2 konnte nicht zugestellt werden (%3, Versuch %4); neuer Versuch in %5 s</translation>
    </message>
    <message numerus="yes">
        <source>lockboxctl: first run for a target: %n pending request(s) recorded as seen, not relayed (--include-existing relays them)
</source>
        <translation>
            <numerusform>lockboxctl: erste Ausführung für ein Ziel: %n ausstehende Anforderung als gesehen erfasst, nicht weitergeleitet (--include-existing leitet sie weiter)
</numerusform>
            <numerusform>lockboxctl: erste Ausführung für ein Ziel: %n ausstehende Anforderungen als gesehen erfasst, nicht weitergeleitet (--include-existing leitet sie weiter)
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lockboxctl: %n event(s) from while no watch ran queued for delivery
</source>
        <translation>
            <numerusform>lockboxctl: %n Ereignis aus der Zeit ohne laufendes watch zur Zustellung in die Warteschlange gestellt
</numerusform>
            <numerusform>lockboxctl: %n Ereignisse aus der Zeit ohne laufendes watch zur Zustellung in die Warteschlange gestellt
</numerusform>
        </translation>
    </message>
    <message>
        <source>--interval wants whole seconds, 1 or more</source>
        <translation>--interval erwartet ganze Sekunden, mindestens 1</translation>
    </message>
    <message>
        <source>another &apos;lockboxctl watch&apos; runs on this profile (process %1)</source>
        <translation>ein anderes &apos;lockboxctl watch&apos; wird bereits für dieses Profil ausgeführt (Prozess %1)</translation>
    </message>
    <message>
        <source>cannot open the alert journal: %1</source>
        <translation>Das Benachrichtigungsjournal kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>lockboxctl: watching for %1; relaying to %2</source>
        <translation>lockboxctl: Überwachung für %1; Weiterleitung an %2</translation>
    </message>
    <message>
        <source>lockboxctl: %1: %2
</source>
        <translation>lockboxctl: %1: %2
</translation>
    </message>
    <message>
        <source>cannot list the subscriptions: %1</source>
        <translation>Die Abonnements können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>lockboxctl: cannot list the subscriptions: %1
</source>
        <translation>lockboxctl: Die Abonnements können nicht aufgelistet werden: %1
</translation>
    </message>
    <message numerus="yes">
        <source>lockboxctl: %1: delivered %2 after %n attempt(s)</source>
        <translation>
            <numerusform>lockboxctl: %1: %2 nach %n Versuch zugestellt</numerusform>
            <numerusform>lockboxctl: %1: %2 nach %n Versuchen zugestellt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::WhoamiCommand</name>
    <message>
        <source>not signed in: run &apos;lockboxctl login&apos;</source>
        <translation>nicht angemeldet: führen Sie &apos;lockboxctl login&apos; aus</translation>
    </message>
    <message>
        <source>not signed in: %1</source>
        <translation>nicht angemeldet: %1</translation>
    </message>
    <message>
        <source>; run &apos;lockboxctl login&apos;</source>
        <translation>; führen Sie &apos;lockboxctl login&apos; aus</translation>
    </message>
</context>
<context>
    <name>lockbox::cli::WithdrawCommand</name>
    <message>
        <source>%1 has no queued decision to withdraw</source>
        <translation>%1 hat keine Entscheidung in der Warteschlange, die zurückgezogen werden kann</translation>
    </message>
    <message>
        <source>%1: the queued %2 was withdrawn
</source>
        <translation>%1: die Entscheidung (%2) in der Warteschlange wurde zurückgezogen
</translation>
    </message>
</context>
<context>
    <name>lockbox::engine</name>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>the receiver closed the connection</source>
        <translation>der Empfänger hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>Host nicht gefunden</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>keine Antwort innerhalb von %1 s</translation>
    </message>
    <message>
        <source>TLS handshake failed (is the receiver&apos;s certificate trusted?)</source>
        <translation>TLS-Handshake fehlgeschlagen (ist das Zertifikat des Empfängers vertrauenswürdig?)</translation>
    </message>
    <message>
        <source>the network is down</source>
        <translation>das Netzwerk ist nicht verfügbar</translation>
    </message>
    <message>
        <source>the proxy failed</source>
        <translation>der Proxy ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>network error %1</source>
        <translation>Netzwerkfehler %1</translation>
    </message>
    <message>
        <source>approved from this profile, acknowledged by Azure</source>
        <translation>von diesem Profil genehmigt, von Azure bestätigt</translation>
    </message>
    <message>
        <source>from Azure&apos;s Activity Log</source>
        <translation>aus dem Azure-Aktivitätsprotokoll</translation>
    </message>
    <message>
        <source>approximate: when a sync first saw it approved</source>
        <translation>ungefähr: als eine Synchronisierung sie erstmals als genehmigt erkannt hat</translation>
    </message>
    <message>
        <source>not known: access is counted from the request&apos;s creation</source>
        <translation>nicht bekannt: der Zugriff wird ab der Erstellung der Anforderung gerechnet</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::AlertRelay</name>
    <message>
        <source>the journal&apos;s copy of the event is unreadable</source>
        <translation>die Kopie des Ereignisses im Journal ist nicht lesbar</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::AlertSettings</name>
    <message>
        <source>new requests</source>
        <translation>neue Anforderungen</translation>
    </message>
    <message>
        <source>reminders %1 h before expiry</source>
        <translation>Erinnerungen %1 Std. vor Ablauf</translation>
    </message>
    <message>
        <source>outcomes</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>no alerts</source>
        <translation>keine Benachrichtigungen</translation>
    </message>
    <message>
        <source>; quiet %1-%2</source>
        <translation>; Ruhezeiten %1-%2</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::AuditActions</name>
    <message>
        <source>Decision queued</source>
        <translation>Entscheidung in die Warteschlange gestellt</translation>
    </message>
    <message>
        <source>Decision being sent to Azure</source>
        <translation>Entscheidung wird an Azure gesendet</translation>
    </message>
    <message>
        <source>Decision acknowledged by Azure</source>
        <translation>Entscheidung von Azure bestätigt</translation>
    </message>
    <message>
        <source>Decision failed</source>
        <translation>Fehler bei der Entscheidung</translation>
    </message>
    <message>
        <source>Decision queued again to retry</source>
        <translation>Entscheidung für erneuten Versuch wieder in die Warteschlange gestellt</translation>
    </message>
    <message>
        <source>Decision withdrawn</source>
        <translation>Entscheidung zurückgezogen</translation>
    </message>
    <message>
        <source>Request created</source>
        <translation>Anforderung erstellt</translation>
    </message>
    <message>
        <source>Request approved</source>
        <translation>Anforderung genehmigt</translation>
    </message>
    <message>
        <source>Request denied</source>
        <translation>Anforderung abgelehnt</translation>
    </message>
    <message>
        <source>Request expired</source>
        <translation>Anforderung abgelaufen</translation>
    </message>
    <message>
        <source>Request canceled</source>
        <translation>Anforderung abgebrochen</translation>
    </message>
    <message>
        <source>Request approved automatically</source>
        <translation>Anforderung automatisch genehmigt</translation>
    </message>
    <message>
        <source>Request denied automatically</source>
        <translation>Anforderung automatisch abgelehnt</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::AuditExport</name>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>Das Prüfprotokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::Engine</name>
    <message>
        <source>Could not read the whole cache: %1</source>
        <translation>Der Cache konnte nicht vollständig gelesen werden: %1</translation>
    </message>
    <message>
        <source>The sign-in failed.</source>
        <translation>Die Anmeldung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Not signed in: sign in from the Account menu.</source>
        <translation>Nicht angemeldet: Melden Sie sich über das Menü „Konto“ an.</translation>
    </message>
    <message>
        <source>Not signed in: no way to get a token was configured.</source>
        <translation>Nicht angemeldet: Es ist keine Methode zum Abrufen eines Tokens konfiguriert.</translation>
    </message>
    <message>
        <source>Cannot read the decision queue: %1</source>
        <translation>Die Entscheidungswarteschlange kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>A decision for this request is already on its way.</source>
        <translation>Eine Entscheidung zu dieser Anforderung ist bereits unterwegs.</translation>
    </message>
    <message>
        <source>Could not withdraw the decision: %1</source>
        <translation>Die Entscheidung konnte nicht zurückgezogen werden: %1</translation>
    </message>
    <message>
        <source>it is already being sent</source>
        <translation>sie wird bereits gesendet</translation>
    </message>
    <message>
        <source>Decision withdrawn.</source>
        <translation>Entscheidung zurückgezogen.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Nicht angemeldet.</translation>
    </message>
    <message>
        <source>Signing in is not available in this console.</source>
        <translation>Die Anmeldung ist in dieser Konsole nicht verfügbar.</translation>
    </message>
    <message>
        <source>Sign-in only goes over HTTPS (or to a simulator on this machine): %1 is neither.</source>
        <translation>Die Anmeldung erfolgt nur über HTTPS (oder an einen Simulator auf diesem Computer): %1 ist keins von beiden.</translation>
    </message>
    <message>
        <source>Signed in, but the sign-in is not kept: %1. You will sign in again next time.</source>
        <translation>Angemeldet, aber die Anmeldung wird nicht gespeichert: %1. Sie müssen sich beim nächsten Mal erneut anmelden.</translation>
    </message>
    <message>
        <source>Signed out: sign in from the Account menu to sync again.</source>
        <translation>Abgemeldet: Melden Sie sich über das Menü „Konto“ an, um wieder zu synchronisieren.</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Abgemeldet.</translation>
    </message>
    <message>
        <source>Signed out: removed %1.</source>
        <translation>Abgemeldet: %1 entfernt.</translation>
    </message>
    <message>
        <source>token from $%1</source>
        <translation>Token aus $%1</translation>
    </message>
    <message>
        <source>Only a Global Administrator can enable or disable Customer Lockbox for the tenant (%1).</source>
        <translation>Nur ein globaler Administrator kann die Kunden-Lockbox für den Mandanten aktivieren oder deaktivieren (%1).</translation>
    </message>
    <message>
        <source>Cannot list your subscriptions: %1</source>
        <translation>Ihre Abonnements können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>The console is not connected.</source>
        <translation>Die Konsole ist nicht verbunden.</translation>
    </message>
    <message>
        <source>Another approval is waiting for you to sign in again.</source>
        <translation>Eine andere Genehmigung wartet darauf, dass Sie sich erneut anmelden.</translation>
    </message>
    <message>
        <source>Not approved: approving needs a fresh sign-in (Settings, Sign-in), and this account (%1) cannot be asked for one. Sign in with the browser or a code.</source>
        <translation>Nicht genehmigt: Für die Genehmigung ist eine neue Anmeldung erforderlich (Einstellungen, Anmeldung), und dieses Konto (%1) kann nicht dazu aufgefordert werden. Melden Sie sich über den Browser oder mit einem Code an.</translation>
    </message>
    <message>
        <source>Not approved: the sign-in was cancelled.</source>
        <translation>Nicht genehmigt: Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Not approved: %1</source>
        <translation>Nicht genehmigt: %1</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::Profile</name>
    <message>
        <source>cannot create the profile directory %1</source>
        <translation>das Profilverzeichnis %1 kann nicht erstellt werden</translation>
    </message>
    <message>
        <source>The console&apos;s remembered endpoint %1 gives way to the profile&apos;s %2.</source>
        <translation>Der in der Konsole gespeicherte Endpunkt %1 weicht dem Endpunkt %2 des Profils.</translation>
    </message>
    <message>
        <source>The console&apos;s remembered token variable %1 gives way to the profile&apos;s %2.</source>
        <translation>Die in der Konsole gespeicherte Token-Variable %1 weicht der Variablen %2 des Profils.</translation>
    </message>
    <message>
        <source>The profile is signed in (%1), which wins over the remembered token variable %2: start with --token-env %2 to use the variable.</source>
        <translation>Das Profil ist angemeldet (%1); dies hat Vorrang vor der gespeicherten Token-Variablen %2: Starten Sie mit --token-env %2, um die Variable zu verwenden.</translation>
    </message>
    <message>
        <source>Could not write %1: the console&apos;s connection stays in %2 for now.</source>
        <translation>%1 konnte nicht geschrieben werden: Die Verbindung der Konsole bleibt vorerst in %2.</translation>
    </message>
    <message>
        <source>given with --endpoint</source>
        <translation>mit --endpoint angegeben</translation>
    </message>
    <message>
        <source>the signed-in account&apos;s cloud</source>
        <translation>die Cloud des angemeldeten Kontos</translation>
    </message>
    <message>
        <source>remembered from --endpoint</source>
        <translation>aus --endpoint gespeichert</translation>
    </message>
    <message>
        <source>Talking to %1, which is not a Microsoft cloud endpoint (%2)</source>
        <translation>Verbindung mit %1, das kein Microsoft-Cloudendpunkt ist (%2)</translation>
    </message>
    <message>
        <source>%1 %2: plain http is only allowed to this machine (127.0.0.1, ::1 or localhost), where a simulator runs; use https:// for any other host</source>
        <translation>%1 %2: einfaches HTTP ist nur zu diesem Computer zulässig (127.0.0.1, ::1 oder localhost), auf dem ein Simulator läuft; verwenden Sie https:// für alle anderen Hosts</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::RelayEvent</name>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>weniger als eine Minute</translation>
    </message>
    <message>
        <source>New Lockbox request</source>
        <translation>Neue Lockbox-Anforderung</translation>
    </message>
    <message>
        <source>Lockbox request expires soon</source>
        <translation>Lockbox-Anforderung läuft bald ab</translation>
    </message>
    <message>
        <source>Lockbox request approved</source>
        <translation>Lockbox-Anforderung genehmigt</translation>
    </message>
    <message>
        <source>Lockbox request denied</source>
        <translation>Lockbox-Anforderung abgelehnt</translation>
    </message>
    <message>
        <source>Lockbox request approved by %1</source>
        <translation>Lockbox-Anforderung von %1 genehmigt</translation>
    </message>
    <message>
        <source>Lockbox request denied by %1</source>
        <translation>Lockbox-Anforderung von %1 abgelehnt</translation>
    </message>
    <message>
        <source>Lockbox request expired without a decision</source>
        <translation>Lockbox-Anforderung ohne Entscheidung abgelaufen</translation>
    </message>
    <message>
        <source>Lockbox request no longer listed</source>
        <translation>Lockbox-Anforderung nicht mehr aufgeführt</translation>
    </message>
    <message>
        <source>Lockbox request ended: %1</source>
        <translation>Lockbox-Anforderung beendet: %1</translation>
    </message>
    <message>
        <source>Approval not applied</source>
        <translation>Genehmigung nicht angewendet</translation>
    </message>
    <message>
        <source>Denial not applied</source>
        <translation>Ablehnung nicht angewendet</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::RelayExecTarget</name>
    <message>
        <source>--exec needs a command</source>
        <translation>--exec benötigt einen Befehl</translation>
    </message>
    <message>
        <source>cannot start /bin/sh: %1</source>
        <translation>/bin/sh kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>still running after %1 s: stopped</source>
        <translation>läuft nach %1 s noch: beendet</translation>
    </message>
    <message>
        <source>ended by a signal</source>
        <translation>durch ein Signal beendet</translation>
    </message>
    <message>
        <source>exit %1</source>
        <translation>Exitcode %1</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::RelayFormat</name>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weitere</numerusform>
            <numerusform>%1 und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation>Ressourcentyp</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>%1 (expires %2 UTC)</source>
        <translation>%1 (läuft ab: %2 UTC)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>Entschieden von</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anforderung</translation>
    </message>
    <message>
        <source>Support request</source>
        <translation>Supportanfrage</translation>
    </message>
    <message>
        <source>Justification: %1</source>
        <translation>Begründung: %1</translation>
    </message>
    <message>
        <source>Open in the Azure portal</source>
        <translation>Im Azure-Portal öffnen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>: %1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <source> in %1</source>
        <translation> in %1</translation>
    </message>
</context>
<context>
    <name>lockbox::engine::RelayWebhookTarget</name>
    <message>
        <source>a webhook needs an absolute https:// address</source>
        <translation>ein Webhook benötigt eine absolute https://-Adresse</translation>
    </message>
    <message>
        <source>a webhook address %1 must not hold a user name or password</source>
        <translation>eine Webhook-Adresse %1 darf keinen Benutzernamen und kein Kennwort enthalten</translation>
    </message>
    <message>
        <source>a webhook must be an https:// address</source>
        <translation>ein Webhook muss eine https://-Adresse sein</translation>
    </message>
    <message>
        <source>webhook %1: plain http is only allowed to this machine (127.0.0.1, ::1 or localhost); use https:// for any other host</source>
        <translation>Webhook %1: einfaches http ist nur zu diesem Computer erlaubt (127.0.0.1, ::1 oder localhost); verwenden Sie https:// für jeden anderen Host</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>HTTP %1: the webhook redirects; give the address it redirects to</source>
        <translation>HTTP %1: Der Webhook leitet um; geben Sie die Adresse an, zu der er umleitet</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::AccountController</name>
    <message>
        <source>Sign &amp;in…</source>
        <translation>&amp;Anmelden…</translation>
    </message>
    <message>
        <source>&amp;Who am I…</source>
        <translation>&amp;Wer bin ich…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>A&amp;bmelden</translation>
    </message>
    <message>
        <source>E&amp;nable Customer Lockbox for the tenant…</source>
        <translation>Kunden-Lockbox für den Mandanten a&amp;ktivieren…</translation>
    </message>
    <message>
        <source>&amp;Disable Customer Lockbox for the tenant…</source>
        <translation>Kunden-Lockbox für den Mandanten &amp;deaktivieren…</translation>
    </message>
    <message>
        <source>Accou&amp;nt</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Angemeldet als %1</translation>
    </message>
    <message>
        <source>Sign in as someone &amp;else…</source>
        <translation>Als and&amp;erer Benutzer anmelden…</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Signed in with %1; tenant %2</source>
        <translation>Angemeldet mit %1; Mandant %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Customer Lockbox: tenant status not known yet</source>
        <translation>Kunden-Lockbox: Status des Mandanten noch unbekannt</translation>
    </message>
    <message>
        <source>Not signed in: sign in to see and decide requests.</source>
        <translation>Nicht angemeldet: Melden Sie sich an, um Anforderungen anzuzeigen und darüber zu entscheiden.</translation>
    </message>
    <message>
        <source>Customer Lockbox: enabled for tenant %1</source>
        <translation>Kunden-Lockbox: für Mandant %1 aktiviert</translation>
    </message>
    <message>
        <source>Customer Lockbox: DISABLED for tenant %1</source>
        <translation>Kunden-Lockbox: für Mandant %1 DEAKTIVIERT</translation>
    </message>
    <message>
        <source>Customer Lockbox is DISABLED for tenant %1: Microsoft Support can access your data without asking. A Global Administrator can enable it from the Account menu or with &apos;lockboxctl tenant enable&apos;.</source>
        <translation>Kunden-Lockbox ist für Mandant %1 DEAKTIVIERT: Der Microsoft-Support kann ohne Nachfrage auf Ihre Daten zugreifen. Ein globaler Administrator kann sie über das Menü „Konto“ oder mit &apos;lockboxctl tenant enable&apos; aktivieren.</translation>
    </message>
    <message>
        <source>Customer Lockbox was not changed: %1</source>
        <translation>Kunden-Lockbox wurde nicht geändert: %1</translation>
    </message>
    <message>
        <source>Customer Lockbox is now enabled for tenant %1.</source>
        <translation>Kunden-Lockbox ist jetzt für Mandant %1 aktiviert.</translation>
    </message>
    <message>
        <source>Customer Lockbox is now DISABLED for tenant %1.</source>
        <translation>Kunden-Lockbox ist jetzt für Mandant %1 DEAKTIVIERT.</translation>
    </message>
    <message>
        <source>Signed in; syncing…</source>
        <translation>Angemeldet; wird synchronisiert…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Sign out of Lockbox Console?</source>
        <translation>Von Lockbox Console abmelden?</translation>
    </message>
    <message>
        <source>The console stops syncing and forgets the sign-in kept in the system keychain (lockboxctl on this profile is signed out too). Cached requests and the audit history stay.</source>
        <translation>Die Konsole beendet die Synchronisierung und verwirft die im Systemschlüsselbund gespeicherte Anmeldung (lockboxctl wird für dieses Profil ebenfalls abgemeldet). Zwischengespeicherte Anforderungen und der Prüfverlauf bleiben erhalten.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Signed in with</source>
        <translation>Angemeldet mit</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Sign-in authority</source>
        <translation>Anmeldeautorität</translation>
    </message>
    <message>
        <source>Resource Manager</source>
        <translation>Resource Manager</translation>
    </message>
    <message>
        <source>Current token expires</source>
        <translation>Aktuelles Token läuft ab</translation>
    </message>
    <message>
        <source>Customer Lockbox</source>
        <translation>Kunden-Lockbox</translation>
    </message>
    <message>
        <source>enabled for the tenant</source>
        <translation>für den Mandanten aktiviert</translation>
    </message>
    <message>
        <source>DISABLED for the tenant</source>
        <translation>für den Mandanten DEAKTIVIERT</translation>
    </message>
    <message>
        <source>Who am I</source>
        <translation>Wer bin ich</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Enable Customer Lockbox</source>
        <translation>Kunden-Lockbox aktivieren</translation>
    </message>
    <message>
        <source>Disable Customer Lockbox</source>
        <translation>Kunden-Lockbox deaktivieren</translation>
    </message>
    <message>
        <source>Enable Customer Lockbox for every subscription of tenant %1?</source>
        <translation>Kunden-Lockbox für alle Abonnements von Mandant %1 aktivieren?</translation>
    </message>
    <message>
        <source>Disable Customer Lockbox for tenant %1?</source>
        <translation>Kunden-Lockbox für Mandant %1 deaktivieren?</translation>
    </message>
    <message>
        <source>Microsoft Support will then need an approver&apos;s consent before it accesses customer data. Only a Global Administrator can do this.</source>
        <translation>Der Microsoft-Support benötigt dann die Zustimmung einer genehmigenden Person, bevor er auf Kundendaten zugreift. Nur ein globaler Administrator kann dies tun.</translation>
    </message>
    <message>
        <source>Microsoft Support will then access customer data WITHOUT asking anyone, and no request will reach this console. Only a Global Administrator can do this.</source>
        <translation>Der Microsoft-Support greift dann OHNE Nachfrage auf Kundendaten zu, und keine Anforderung erreicht mehr diese Konsole. Nur ein globaler Administrator kann dies tun.</translation>
    </message>
    <message>
        <source>&amp;Enable Customer Lockbox</source>
        <translation>Kunden-Lockbox &amp;aktivieren</translation>
    </message>
    <message>
        <source>&amp;Disable Customer Lockbox</source>
        <translation>Kunden-Lockbox &amp;deaktivieren</translation>
    </message>
    <message>
        <source>Enabling Customer Lockbox…</source>
        <translation>Kunden-Lockbox wird aktiviert…</translation>
    </message>
    <message>
        <source>Disabling Customer Lockbox…</source>
        <translation>Kunden-Lockbox wird deaktiviert…</translation>
    </message>
    <message>
        <source>Confirm it is you</source>
        <translation>Bestätigen Sie Ihre Identität</translation>
    </message>
    <message>
        <source>Approving needs a fresh sign-in as %1. Your browser should have opened the sign-in page; the approval is sent once you have signed in.</source>
        <translation>Zum Genehmigen ist eine erneute Anmeldung als %1 erforderlich. Ihr Browser sollte die Anmeldeseite geöffnet haben; die Genehmigung wird gesendet, sobald Sie sich angemeldet haben.</translation>
    </message>
    <message>
        <source>&amp;Open browser again</source>
        <translation>&amp;Browser erneut öffnen</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::AuditCharts</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Compute the charts again from the current history</source>
        <translation>Diagramme aus dem aktuellen Verlauf neu berechnen</translation>
    </message>
    <message>
        <source>Requests per week by outcome</source>
        <translation>Anforderungen pro Woche nach Ergebnis</translation>
    </message>
    <message>
        <source>Time from request to decision</source>
        <translation>Zeit von der Anforderung bis zur Entscheidung</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Other or pending</source>
        <translation>Sonstige oder ausstehend</translation>
    </message>
    <message>
        <source>Week starting</source>
        <translation>Woche ab</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anforderungen</translation>
    </message>
    <message>
        <source>Requests decided</source>
        <translation>Entschiedene Anforderungen</translation>
    </message>
    <message>
        <source>1–4 d</source>
        <translation>1–4 Tage</translation>
    </message>
    <message>
        <source>4–24 h</source>
        <translation>4–24 Std.</translation>
    </message>
    <message>
        <source>1–4 h</source>
        <translation>1–4 Std.</translation>
    </message>
    <message>
        <source>15–60 min</source>
        <translation>15–60 Min.</translation>
    </message>
    <message>
        <source>under 15 min</source>
        <translation>unter 15 Min.</translation>
    </message>
    <message>
        <source>No requests created from %1 to %2 match the filters.</source>
        <translation>Keine von %1 bis %2 erstellte Anforderung entspricht den Filtern.</translation>
    </message>
    <message>
        <source>No requests were created from %1 to %2.</source>
        <translation>Von %1 bis %2 wurden keine Anforderungen erstellt.</translation>
    </message>
    <message>
        <source>No decisions on the requests that match the filters</source>
        <translation>Keine Entscheidungen zu den Anforderungen, die den Filtern entsprechen</translation>
    </message>
    <message>
        <source>No decisions yet</source>
        <translation>Noch keine Entscheidungen</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) created from %1 to %2 match the filters</source>
        <translation>
            <numerusform>%n von %1 bis %2 erstellte Anforderung entspricht den Filtern</numerusform>
            <numerusform>%n von %1 bis %2 erstellte Anforderungen entsprechen den Filtern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) created from %1 to %2</source>
        <translation>
            <numerusform>%n Anforderung von %1 bis %2 erstellt</numerusform>
            <numerusform>%n Anforderungen von %1 bis %2 erstellt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1; %2 decided, after a median of %3.</source>
        <translation>%1; %2 entschieden, im Median nach %3.</translation>
    </message>
    <message>
        <source>%1; none decided.</source>
        <translation>%1; keine entschieden.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>Computing the charts…</source>
        <translation>Diagramme werden berechnet…</translation>
    </message>
    <message>
        <source>The charts could not be computed: %1</source>
        <translation>Die Diagramme konnten nicht berechnet werden: %1</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::AuditTableModel</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Azure</source>
        <translation>Azure</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Lokal</translation>
    </message>
    <message>
        <source>Imported from Azure&apos;s Activity Log</source>
        <translation>Aus dem Azure-Aktivitätsprotokoll importiert</translation>
    </message>
    <message>
        <source>Recorded by this console</source>
        <translation>Von dieser Konsole aufgezeichnet</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anforderung</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::AuditView</name>
    <message>
        <source>Audit history</source>
        <translation>Prüfverlauf</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Startdatum</translation>
    </message>
    <message>
        <source>First day shown (local time)</source>
        <translation>Erster angezeigter Tag (Ortszeit)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Enddatum</translation>
    </message>
    <message>
        <source>Last day shown (local time)</source>
        <translation>Letzter angezeigter Tag (Ortszeit)</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>A&amp;ktion:</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Su&amp;bscription:</source>
        <translation>A&amp;bonnement:</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Search actor, action, request, reason, outcome…</source>
        <translation>Akteur, Aktion, Anforderung, Grund, Ergebnis suchen…</translation>
    </message>
    <message>
        <source>Search the audit history</source>
        <translation>Prüfverlauf durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Save the records of the current filter as CSV or JSON</source>
        <translation>Einträge des aktuellen Filters als CSV oder JSON speichern</translation>
    </message>
    <message>
        <source>&amp;Verify integrity</source>
        <translation>Integrität &amp;prüfen</translation>
    </message>
    <message>
        <source>Check the hash chain of the whole audit log for records that were changed, removed or inserted</source>
        <translation>Die Hashkette des gesamten Prüfprotokolls auf geänderte, entfernte oder eingefügte Einträge prüfen</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Exportfortschritt</translation>
    </message>
    <message>
        <source>&amp;Cancel export</source>
        <translation>Export abbre&amp;chen</translation>
    </message>
    <message>
        <source>Verification result</source>
        <translation>Überprüfungsergebnis</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>Ei&amp;nträge</translation>
    </message>
    <message>
        <source>Audit records</source>
        <translation>Prüfeinträge</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>&amp;Diagramme</translation>
    </message>
    <message>
        <source>The audit history could not be read: %1</source>
        <translation>Der Prüfverlauf konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Letzte 12 Monate</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Benutzerdefinierter Zeitraum</translation>
    </message>
    <message>
        <source>Export as &amp;CSV…</source>
        <translation>Als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Export as &amp;JSON…</source>
        <translation>Als &amp;JSON exportieren…</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>The filter choices could not be read: %1</source>
        <translation>Die Filteroptionen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Verifying the audit log…</source>
        <translation>Prüfprotokoll wird überprüft…</translation>
    </message>
    <message>
        <source>The verification did not finish.</source>
        <translation>Die Überprüfung wurde nicht abgeschlossen.</translation>
    </message>
    <message numerus="yes">
        <source>Audit log intact: %n record(s) verified.</source>
        <translation>
            <numerusform>Prüfprotokoll intakt: %n Eintrag überprüft.</numerusform>
            <numerusform>Prüfprotokoll intakt: %n Einträge überprüft.</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit log tampered: first bad record #%1 — %2</source>
        <translation>Prüfprotokoll manipuliert: erster fehlerhafter Eintrag #%1 – %2</translation>
    </message>
    <message>
        <source>The audit log could not be verified: %1</source>
        <translation>Das Prüfprotokoll konnte nicht überprüft werden: %1</translation>
    </message>
    <message>
        <source>Export audit history</source>
        <translation>Prüfverlauf exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>Es wird bereits ein Export ausgeführt.</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Export nach %1…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation>
            <numerusform>%n Eintrag nach %1 exportiert.</numerusform>
            <numerusform>%n Einträge nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export canceled; no file was written.</source>
        <translation>Export abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Fehler beim Export: %1</translation>
    </message>
    <message>
        <source>the computation did not finish</source>
        <translation>die Berechnung wurde nicht abgeschlossen</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::CloudPicker</name>
    <message>
        <source>Cloud</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Azure (public)</source>
        <translation>Azure (öffentlich)</translation>
    </message>
    <message>
        <source>Azure US Government</source>
        <translation>Azure US Government</translation>
    </message>
    <message>
        <source>Azure China (21Vianet)</source>
        <translation>Azure China (21Vianet)</translation>
    </message>
    <message>
        <source>Custom endpoints</source>
        <translation>Benutzerdefinierte Endpunkte</translation>
    </message>
    <message>
        <source>Cloud endpoints</source>
        <translation>Cloudendpunkte</translation>
    </message>
    <message>
        <source>Sign-in authority</source>
        <translation>Anmeldeautorität</translation>
    </message>
    <message>
        <source>e.g. https://login.microsoftonline.com</source>
        <translation>z. B. https://login.microsoftonline.com</translation>
    </message>
    <message>
        <source>Resource Manager</source>
        <translation>Resource Manager</translation>
    </message>
    <message>
        <source>e.g. https://management.azure.com</source>
        <translation>z. B. https://management.azure.com</translation>
    </message>
    <message>
        <source>Sign-in a&amp;uthority:</source>
        <translation>Anmeldea&amp;utorität:</translation>
    </message>
    <message>
        <source>Resource &amp;Manager:</source>
        <translation>Resource &amp;Manager:</translation>
    </message>
    <message>
        <source>Endpoint problem</source>
        <translation>Problem mit dem Endpunkt</translation>
    </message>
    <message>
        <source>Enter the sign-in authority.</source>
        <translation>Geben Sie die Anmeldeautorität ein.</translation>
    </message>
    <message>
        <source>Enter the Resource Manager URL.</source>
        <translation>Geben Sie die Resource Manager-URL ein.</translation>
    </message>
    <message>
        <source>The sign-in authority “%1” is not a URL.</source>
        <translation>Die Anmeldeautorität „%1“ ist keine URL.</translation>
    </message>
    <message>
        <source>The Resource Manager URL “%1” is not a URL.</source>
        <translation>Die Resource Manager-URL „%1“ ist keine URL.</translation>
    </message>
    <message>
        <source>The sign-in authority must not contain a user name or password.</source>
        <translation>Die Anmeldeautorität darf keinen Benutzernamen und kein Kennwort enthalten.</translation>
    </message>
    <message>
        <source>The Resource Manager URL must not contain a user name or password.</source>
        <translation>Die Resource Manager-URL darf keinen Benutzernamen und kein Kennwort enthalten.</translation>
    </message>
    <message>
        <source>Sign-in only goes over HTTPS (or to a simulator on this machine): %1 is neither.</source>
        <translation>Die Anmeldung erfolgt nur über HTTPS (oder an einen Simulator auf diesem Computer): %1 ist keins von beiden.</translation>
    </message>
    <message>
        <source>Sign-in: %1
Resource Manager: %2</source>
        <translation>Anmeldung: %1
Resource Manager: %2</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::DecisionController</name>
    <message>
        <source>Approval of %1 queued; sending…</source>
        <translation>Genehmigung von %1 in der Warteschlange; wird gesendet…</translation>
    </message>
    <message>
        <source>Denial of %1 queued; sending…</source>
        <translation>Ablehnung von %1 in der Warteschlange; wird gesendet…</translation>
    </message>
    <message>
        <source>Request for %1: %2</source>
        <translation>Anforderung für %1: %2</translation>
    </message>
    <message>
        <source>Approval of %1 accepted by Azure.</source>
        <translation>Genehmigung von %1 von Azure angenommen.</translation>
    </message>
    <message>
        <source>Denial of %1 accepted by Azure.</source>
        <translation>Ablehnung von %1 von Azure angenommen.</translation>
    </message>
    <message>
        <source>Approval of %1 failed: %2</source>
        <translation>Fehler bei der Genehmigung von %1: %2</translation>
    </message>
    <message>
        <source>Denial of %1 failed: %2</source>
        <translation>Fehler bei der Ablehnung von %1: %2</translation>
    </message>
    <message>
        <source>Approval of %1 stays queued: %2. It will be sent when Azure can be reached.</source>
        <translation>Genehmigung von %1 bleibt in der Warteschlange: %2. Sie wird gesendet, sobald Azure erreichbar ist.</translation>
    </message>
    <message>
        <source>Denial of %1 stays queued: %2. It will be sent when Azure can be reached.</source>
        <translation>Ablehnung von %1 bleibt in der Warteschlange: %2. Sie wird gesendet, sobald Azure erreichbar ist.</translation>
    </message>
    <message>
        <source>request %1</source>
        <translation>Anforderung %1</translation>
    </message>
    <message>
        <source>request %1 (%2)</source>
        <translation>Anforderung %1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::DecisionDialog</name>
    <message>
        <source>What is asked</source>
        <translation>Worum es geht</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Subscription:</source>
        <translation>Abonnement:</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Resource type:</source>
        <translation>Ressourcentyp:</translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation>Ressourcentyp</translation>
    </message>
    <message>
        <source>Resources:</source>
        <translation>Ressourcen:</translation>
    </message>
    <message>
        <source>Resource IDs</source>
        <translation>Ressourcen-IDs</translation>
    </message>
    <message>
        <source>Access level:</source>
        <translation>Zugriffsebene:</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Zugriffsebene</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>Dauer:</translation>
    </message>
    <message>
        <source>Access duration</source>
        <translation>Zugriffsdauer</translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation>Restzeit:</translation>
    </message>
    <message>
        <source>Time left to decide</source>
        <translation>Restzeit für die Entscheidung</translation>
    </message>
    <message>
        <source>Support case:</source>
        <translation>Supportfall:</translation>
    </message>
    <message>
        <source>Support case</source>
        <translation>Supportfall</translation>
    </message>
    <message>
        <source>Support case link</source>
        <translation>Link zum Supportfall</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open support case in browser</source>
        <translation>Supportfall im Browser öffnen</translation>
    </message>
    <message>
        <source>Justification:</source>
        <translation>Begründung:</translation>
    </message>
    <message>
        <source>Justification</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Requests to decide</source>
        <translation>Zu entscheidende Anforderungen</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>Gr&amp;und:</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Reason hint</source>
        <translation>Hinweis zum Grund</translation>
    </message>
    <message>
        <source>Second confirmation</source>
        <translation>Zweite Bestätigung</translation>
    </message>
    <message>
        <source>Whole subscriptions</source>
        <translation>Ganze Abonnements</translation>
    </message>
    <message>
        <source>Confirm access to whole subscriptions</source>
        <translation>Zugriff auf ganze Abonnements bestätigen</translation>
    </message>
    <message>
        <source>Number of requests, typed to confirm</source>
        <translation>Anzahl der Anforderungen, zur Bestätigung eingegeben</translation>
    </message>
    <message numerus="yes">
        <source>%n h (Microsoft&apos;s default)</source>
        <translation>
            <numerusform>%n Std. (Standard von Microsoft)</numerusform>
            <numerusform>%n Std. (Standard von Microsoft)</numerusform>
        </translation>
    </message>
    <message>
        <source>Not stated</source>
        <translation>Nicht angegeben</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>removed while this dialog was open: Azure no longer lists it</source>
        <translation>entfernt, während dieses Dialogfeld geöffnet war: Azure listet sie nicht mehr auf</translation>
    </message>
    <message>
        <source>no longer pending (%1)</source>
        <translation>nicht mehr ausstehend (%1)</translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation>abgelaufen %1</translation>
    </message>
    <message>
        <source>Not pending (%1)</source>
        <translation>Nicht ausstehend (%1)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Expired %1</source>
        <translation>Abgelaufen %1</translation>
    </message>
    <message>
        <source>%1 left (expires %2)</source>
        <translation>%1 verbleibend (läuft %2 ab)</translation>
    </message>
    <message numerus="yes">
        <source>Approve %n Lockbox requests</source>
        <translation>
            <numerusform>%n Lockbox-Anforderung genehmigen</numerusform>
            <numerusform>%n Lockbox-Anforderungen genehmigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deny %n Lockbox requests</source>
        <translation>
            <numerusform>%n Lockbox-Anforderung ablehnen</numerusform>
            <numerusform>%n Lockbox-Anforderungen ablehnen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n requests. Each is decided on its own, with the reason below.</source>
        <translation>
            <numerusform>%n Anforderung. Sie wird einzeln entschieden, mit dem unten angegebenen Grund.</numerusform>
            <numerusform>%n Anforderungen. Jede wird einzeln entschieden, mit dem unten angegebenen Grund.</numerusform>
        </translation>
    </message>
    <message>
        <source>Approve Lockbox request</source>
        <translation>Lockbox-Anforderung genehmigen</translation>
    </message>
    <message>
        <source>Deny Lockbox request</source>
        <translation>Lockbox-Anforderung ablehnen</translation>
    </message>
    <message>
        <source>Microsoft Support asks for access. Approve this request?</source>
        <translation>Der Microsoft-Support bittet um Zugriff. Diese Anforderung genehmigen?</translation>
    </message>
    <message>
        <source>Microsoft Support asks for access. Deny this request?</source>
        <translation>Der Microsoft-Support bittet um Zugriff. Diese Anforderung ablehnen?</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Required: why is this access denied?</source>
        <translation>Erforderlich: Warum wird dieser Zugriff abgelehnt?</translation>
    </message>
    <message>
        <source>A reason is required to deny.</source>
        <translation>Für eine Ablehnung ist ein Grund erforderlich.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Genehmigen</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>The whole subscription</source>
        <translation>Das ganze Abonnement</translation>
    </message>
    <message>
        <source>There is nothing to decide.</source>
        <translation>Es gibt nichts zu entscheiden.</translation>
    </message>
    <message>
        <source>This request can no longer be approved or denied: %1.</source>
        <translation>Diese Anforderung kann nicht mehr genehmigt oder abgelehnt werden: %1.</translation>
    </message>
    <message>
        <source>This request changed on the server while this dialog was open. Read it again before you decide.</source>
        <translation>Diese Anforderung wurde auf dem Server geändert, während dieses Dialogfeld geöffnet war. Lesen Sie sie erneut, bevor Sie entscheiden.</translation>
    </message>
    <message numerus="yes">
        <source>%n of these requests changed on the server while this dialog was open (marked below). Read them again before you decide.</source>
        <translation>
            <numerusform>%n dieser Anforderungen wurde auf dem Server geändert, während dieses Dialogfeld geöffnet war (unten markiert). Lesen Sie sie erneut, bevor Sie entscheiden.</numerusform>
            <numerusform>%n dieser Anforderungen wurden auf dem Server geändert, während dieses Dialogfeld geöffnet war (unten markiert). Lesen Sie sie erneut, bevor Sie entscheiden.</numerusform>
        </translation>
    </message>
    <message>
        <source>None of these requests can still be approved or denied.</source>
        <translation>Keine dieser Anforderungen kann noch genehmigt oder abgelehnt werden.</translation>
    </message>
    <message numerus="yes">
        <source>%n of these requests can no longer be approved or denied and will be left out.</source>
        <translation>
            <numerusform>%n dieser Anforderungen kann nicht mehr genehmigt oder abgelehnt werden und wird ausgelassen.</numerusform>
            <numerusform>%n dieser Anforderungen können nicht mehr genehmigt oder abgelehnt werden und werden ausgelassen.</numerusform>
        </translation>
    </message>
    <message>
        <source>This request gives Microsoft Support access to the whole subscription %1, every resource in it.</source>
        <translation>Diese Anforderung gewährt dem Microsoft-Support Zugriff auf das ganze Abonnement %1, also auf jede Ressource darin.</translation>
    </message>
    <message>
        <source>I approve access to the whole subscription</source>
        <translation>Ich genehmige den Zugriff auf das ganze Abonnement</translation>
    </message>
    <message numerus="yes">
        <source>You are about to approve %n requests at once. To confirm that you have read them all, type their number (%n):</source>
        <translation>
            <numerusform>Sie sind dabei, %n Anforderung auf einmal zu genehmigen. Um zu bestätigen, dass Sie sie gelesen haben, geben Sie ihre Anzahl ein (%n):</numerusform>
            <numerusform>Sie sind dabei, %n Anforderungen auf einmal zu genehmigen. Um zu bestätigen, dass Sie alle gelesen haben, geben Sie ihre Anzahl ein (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You are about to deny %n requests at once. To confirm that you have read them all, type their number (%n):</source>
        <translation>
            <numerusform>Sie sind dabei, %n Anforderung auf einmal abzulehnen. Um zu bestätigen, dass Sie sie gelesen haben, geben Sie ihre Anzahl ein (%n):</numerusform>
            <numerusform>Sie sind dabei, %n Anforderungen auf einmal abzulehnen. Um zu bestätigen, dass Sie alle gelesen haben, geben Sie ihre Anzahl ein (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Available in %n s: a moment to read what is asked, so that a stray click cannot decide</source>
        <translation>
            <numerusform>Verfügbar in %n s: Zeit zum Lesen, worum es geht, damit kein versehentlicher Klick entscheiden kann</numerusform>
            <numerusform>Verfügbar in %n s: Zeit zum Lesen, worum es geht, damit kein versehentlicher Klick entscheiden kann</numerusform>
        </translation>
    </message>
    <message>
        <source>Changed on the server while this dialog was open: read it again</source>
        <translation>Auf dem Server geändert, während dieses Dialogfeld geöffnet war: Lesen Sie sie erneut</translation>
    </message>
    <message>
        <source>Left out (%1)</source>
        <translation>Ausgelassen (%1)</translation>
    </message>
    <message>
        <source>whole subscription</source>
        <translation>ganzes Abonnement</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>No resource stated</source>
        <translation>Keine Ressource angegeben</translation>
    </message>
    <message>
        <source>Scope: the whole subscription, every resource in it</source>
        <translation>Bereich: das ganze Abonnement, jede Ressource darin</translation>
    </message>
    <message>
        <source>Subscription: %1</source>
        <translation>Abonnement: %1</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>Typ: %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 verbleibend</translation>
    </message>
    <message>
        <source>time left unknown</source>
        <translation>Restzeit unbekannt</translation>
    </message>
    <message>
        <source>Access level: %1 · Duration: %2</source>
        <translation>Zugriffsebene: %1 · Dauer: %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Justification: %1</source>
        <translation>Begründung: %1</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Approve %n request(s)</source>
        <translation>
            <numerusform>%n Anforderung &amp;genehmigen</numerusform>
            <numerusform>%n Anforderungen &amp;genehmigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Deny %n request(s)</source>
        <translation>
            <numerusform>%n Anforderung a&amp;blehnen</numerusform>
            <numerusform>%n Anforderungen a&amp;blehnen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of these requests give(s) Microsoft Support access to a whole subscription, every resource in it (marked &quot;Scope: the whole subscription&quot; above).</source>
        <translation>
            <numerusform>%n dieser Anforderungen gewährt dem Microsoft-Support Zugriff auf ein ganzes Abonnement, auf jede Ressource darin (oben mit „Bereich: das ganze Abonnement“ gekennzeichnet).</numerusform>
            <numerusform>%n dieser Anforderungen gewähren dem Microsoft-Support Zugriff auf ein ganzes Abonnement, auf jede Ressource darin (oben mit „Bereich: das ganze Abonnement“ gekennzeichnet).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>I approve whole-subscription access for %n request(s)</source>
        <translation>
            <numerusform>Ich genehmige den Zugriff auf das ganze Abonnement für %n Anforderung</numerusform>
            <numerusform>Ich genehmige den Zugriff auf das ganze Abonnement für %n Anforderungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Remind me in 1 hour</source>
        <translation>In 1 Stunde erinnern</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::MainWindow</name>
    <message>
        <source>Lockbox Console</source>
        <translation>Lockbox Console</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss the tenant&apos;s Customer Lockbox message</source>
        <translation>Kunden-Lockbox-Meldung des Mandanten schließen</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Dismiss the sign-in message</source>
        <translation>Anmeldemeldung schließen</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
    <message>
        <source>&amp;Requests</source>
        <translation>An&amp;forderungen</translation>
    </message>
    <message>
        <source>S&amp;ubscription:</source>
        <translation>A&amp;bonnement:</translation>
    </message>
    <message>
        <source>Subscription filter</source>
        <translation>Abonnementfilter</translation>
    </message>
    <message>
        <source>Search requests (Ctrl+F)</source>
        <translation>Anforderungen durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search requests</source>
        <translation>Anforderungen durchsuchen</translation>
    </message>
    <message>
        <source>Lockbox requests</source>
        <translation>Lockbox-Anforderungen</translation>
    </message>
    <message>
        <source>Audit &amp;history</source>
        <translation>&amp;Prüfverlauf</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptsymbolleiste</translation>
    </message>
    <message>
        <source>Dismiss the verification result</source>
        <translation>Überprüfungsergebnis schließen</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>&amp;Open Lockbox Console</source>
        <translation>Lockbox Console ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Pause alerts</source>
        <translation>Benachrichtigungen an&amp;halten</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>Jetzt &amp;synchronisieren</translation>
    </message>
    <message>
        <source>Sync every subscription now (F5)</source>
        <translation>Alle Abonnements jetzt synchronisieren (F5)</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Genehmigen…</translation>
    </message>
    <message>
        <source>Approve the selected requests (Ctrl+Shift+A)</source>
        <translation>Ausgewählte Anforderungen genehmigen (Strg+Umschalt+A)</translation>
    </message>
    <message>
        <source>&amp;Deny…</source>
        <translation>&amp;Ablehnen…</translation>
    </message>
    <message>
        <source>Deny the selected requests (Ctrl+Shift+D)</source>
        <translation>Ausgewählte Anforderungen ablehnen (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <source>&amp;Withdraw queued decision</source>
        <translation>Entscheidung in der Warteschlange &amp;zurückziehen</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>For 1 &amp;hour</source>
        <translation>Für 1 &amp;Stunde</translation>
    </message>
    <message>
        <source>Until &amp;tomorrow</source>
        <translation>Bis &amp;morgen</translation>
    </message>
    <message>
        <source>&amp;Resume alerts</source>
        <translation>Benachrichtigungen &amp;fortsetzen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>&amp;Anforderung</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkombinationen</translation>
    </message>
    <message>
        <source>&amp;About Lockbox Console</source>
        <translation>&amp;Info über Lockbox Console</translation>
    </message>
    <message>
        <source>About Lockbox Console</source>
        <translation>Info über Lockbox Console</translation>
    </message>
    <message>
        <source>&lt;p&gt;Lockbox Console %1&lt;/p&gt;&lt;p&gt;Approve or deny Microsoft Support&apos;s access to your data (Azure Customer Lockbox), with tray alerts and a verifiable history.&lt;/p&gt;&lt;p&gt;Free software under the GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Source code: &lt;a href=&quot;%2&quot;&gt;%2&lt;/a&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Lockbox Console %1&lt;/p&gt;&lt;p&gt;Genehmigen oder verweigern Sie den Zugriff des Microsoft-Supports auf Ihre Daten (Kunden-Lockbox für Azure), mit Benachrichtigungen im Infobereich und einem überprüfbaren Verlauf.&lt;/p&gt;&lt;p&gt;Freie Software unter der GNU General Public License, Version 3 oder höher.&lt;/p&gt;&lt;p&gt;Quellcode: &lt;a href=&quot;%2&quot;&gt;%2&lt;/a&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkombinationen</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>Pending / Active / History / All</source>
        <translation>Ausstehend / Aktiv / Verlauf / Alle</translation>
    </message>
    <message>
        <source>Enter or %1</source>
        <translation>Eingabetaste oder %1</translation>
    </message>
    <message>
        <source>Details of the selected request</source>
        <translation>Details der ausgewählten Anforderung</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Genehmigen…</translation>
    </message>
    <message>
        <source>Deny…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <source>Withdraw a queued decision</source>
        <translation>Entscheidung in der Warteschlange zurückziehen</translation>
    </message>
    <message>
        <source>Audit history</source>
        <translation>Prüfverlauf</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>The audit history cannot be read: %1</source>
        <translation>Der Prüfverlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>DEMO: simulated Azure, nothing here is real — %1</source>
        <translation>DEMO: simuliertes Azure, nichts hier ist echt – %1</translation>
    </message>
    <message>
        <source>(%1) %2</source>
        <translation>(%1) %2</translation>
    </message>
    <message>
        <source>Lockbox Console keeps running</source>
        <translation>Lockbox Console wird weiter ausgeführt</translation>
    </message>
    <message>
        <source>Alerts still reach you here. Quit from this icon&apos;s menu.</source>
        <translation>Benachrichtigungen erreichen Sie weiterhin hier. Beenden Sie die Anwendung über das Menü dieses Symbols.</translation>
    </message>
    <message>
        <source>No system tray was found: Lockbox Console runs as a normal window, and closing it quits. Alerts appear as desktop notifications, and the pending count in the window title.</source>
        <translation>Es wurde kein Infobereich gefunden: Lockbox Console wird als normales Fenster ausgeführt, und das Schließen des Fensters beendet die Anwendung. Benachrichtigungen erscheinen als Desktopbenachrichtigungen, die Anzahl ausstehender Anforderungen im Fenstertitel.</translation>
    </message>
    <message>
        <source>Show de&amp;tails</source>
        <translation>&amp;Details anzeigen</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::PlainTextLabel</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Alles auswählen</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::RequestDetailsView</name>
    <message>
        <source>Request details</source>
        <translation>Anforderungsdetails</translation>
    </message>
    <message>
        <source>Select a request to see its details</source>
        <translation>Wählen Sie eine Anforderung aus, um deren Details anzuzeigen</translation>
    </message>
    <message>
        <source>No request selected</source>
        <translation>Keine Anforderung ausgewählt</translation>
    </message>
    <message>
        <source>Status icon</source>
        <translation>Statussymbol</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Queued decision</source>
        <translation>Entscheidung in der Warteschlange</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Zurückziehen</translation>
    </message>
    <message>
        <source>Withdraw queued decision</source>
        <translation>Entscheidung in der Warteschlange zurückziehen</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Genehmigen…</translation>
    </message>
    <message>
        <source>Approve request</source>
        <translation>Anforderung genehmigen</translation>
    </message>
    <message>
        <source>Deny…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <source>Deny request</source>
        <translation>Anforderung ablehnen</translation>
    </message>
    <message>
        <source>Request ID:</source>
        <translation>Anforderungs-ID:</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>Anforderungs-ID</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the request ID</source>
        <translation>Die Anforderungs-ID kopieren</translation>
    </message>
    <message>
        <source>Copy request ID</source>
        <translation>Anforderungs-ID kopieren</translation>
    </message>
    <message>
        <source>Subscription:</source>
        <translation>Abonnement:</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Resource type:</source>
        <translation>Ressourcentyp:</translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation>Ressourcentyp</translation>
    </message>
    <message>
        <source>Resources:</source>
        <translation>Ressourcen:</translation>
    </message>
    <message>
        <source>Resource IDs</source>
        <translation>Ressourcen-IDs</translation>
    </message>
    <message>
        <source>Access level:</source>
        <translation>Zugriffsebene:</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Zugriffsebene</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>Dauer:</translation>
    </message>
    <message>
        <source>Access duration</source>
        <translation>Zugriffsdauer</translation>
    </message>
    <message>
        <source>Requested:</source>
        <translation>Angefordert:</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Angefordert</translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation>Läuft ab:</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation>Restzeit:</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Support case:</source>
        <translation>Supportfall:</translation>
    </message>
    <message>
        <source>Support case</source>
        <translation>Supportfall</translation>
    </message>
    <message>
        <source>Support case link</source>
        <translation>Link zum Supportfall</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open support case in browser</source>
        <translation>Supportfall im Browser öffnen</translation>
    </message>
    <message>
        <source>Work item source:</source>
        <translation>Quelle des Arbeitselements:</translation>
    </message>
    <message>
        <source>Work item source</source>
        <translation>Quelle des Arbeitselements</translation>
    </message>
    <message>
        <source>Justification:</source>
        <translation>Begründung:</translation>
    </message>
    <message>
        <source>Justification</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitachse</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>No recorded actions for this request yet.</source>
        <translation>Für diese Anforderung wurden noch keine Aktionen aufgezeichnet.</translation>
    </message>
    <message>
        <source>Timeline is empty</source>
        <translation>Zeitachse ist leer</translation>
    </message>
    <message>
        <source>Not stated</source>
        <translation>Nicht angegeben</translation>
    </message>
    <message>
        <source>Timeline columns</source>
        <translation>Spalten der Zeitachse</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n h (Microsoft&apos;s default)</source>
        <translation>
            <numerusform>%n h (Standardwert von Microsoft)</numerusform>
            <numerusform>%n h (Standardwert von Microsoft)</numerusform>
        </translation>
    </message>
    <message>
        <source>From the Azure Activity Log</source>
        <translation>Aus dem Azure-Aktivitätsprotokoll</translation>
    </message>
    <message>
        <source>Recorded by this console</source>
        <translation>Von dieser Konsole aufgezeichnet</translation>
    </message>
    <message>
        <source>Resource %1</source>
        <translation>Ressource %1</translation>
    </message>
    <message>
        <source>Resource ID %1</source>
        <translation>Ressourcen-ID %1</translation>
    </message>
    <message>
        <source>Copy resource ID %1</source>
        <translation>Ressourcen-ID %1 kopieren</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (Copy all copies every one)</source>
        <translation>
            <numerusform>… und %n weitere („Alle kopieren“ kopiert alle)</numerusform>
            <numerusform>… und %n weitere („Alle kopieren“ kopiert alle)</numerusform>
        </translation>
    </message>
    <message>
        <source>More resource IDs</source>
        <translation>Weitere Ressourcen-IDs</translation>
    </message>
    <message>
        <source>Copy all resource IDs</source>
        <translation>Alle Ressourcen-IDs kopieren</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>Alle kopieren</translation>
    </message>
    <message>
        <source>Approval queued — not yet sent</source>
        <translation>Genehmigung in der Warteschlange – noch nicht gesendet</translation>
    </message>
    <message>
        <source>Denial queued — not yet sent</source>
        <translation>Ablehnung in der Warteschlange – noch nicht gesendet</translation>
    </message>
    <message>
        <source>Approval being sent…</source>
        <translation>Genehmigung wird gesendet…</translation>
    </message>
    <message>
        <source>Denial being sent…</source>
        <translation>Ablehnung wird gesendet…</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Last attempt: %1</source>
        <translation>Letzter Versuch: %1</translation>
    </message>
    <message>
        <source>Withdraw this decision before it is sent</source>
        <translation>Diese Entscheidung vor dem Senden zurückziehen</translation>
    </message>
    <message>
        <source>Being sent: it can no longer be withdrawn</source>
        <translation>Wird gesendet: Kann nicht mehr zurückgezogen werden</translation>
    </message>
    <message>
        <source>Expired: it can no longer be decided</source>
        <translation>Abgelaufen: Eine Entscheidung ist nicht mehr möglich</translation>
    </message>
    <message>
        <source>%1 left to decide</source>
        <translation>Noch %1 für die Entscheidung</translation>
    </message>
    <message>
        <source>%1 of access left</source>
        <translation>Verbleibender Zugriff: %1</translation>
    </message>
    <message>
        <source>Access ended %1</source>
        <translation>Zugriff beendet: %1</translation>
    </message>
    <message>
        <source>Approved %1</source>
        <translation>Genehmigt: %1</translation>
    </message>
    <message>
        <source>A decision on this request is already on its way</source>
        <translation>Eine Entscheidung zu dieser Anforderung ist bereits unterwegs</translation>
    </message>
    <message>
        <source>Only pending requests can be approved or denied</source>
        <translation>Nur ausstehende Anforderungen können genehmigt oder abgelehnt werden</translation>
    </message>
    <message>
        <source>This request has expired</source>
        <translation>Diese Anforderung ist abgelaufen</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::RequestPresentation</name>
    <message>
        <source>Initializing…</source>
        <translation>Wird initialisiert…</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>Wird genehmigt…</translation>
    </message>
    <message>
        <source>Denying…</source>
        <translation>Wird abgelehnt…</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation>Wird widerrufen…</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Completing…</source>
        <translation>Wird abgeschlossen…</translation>
    </message>
    <message>
        <source>%1 · approval sending</source>
        <translation>%1 · Genehmigung wird gesendet</translation>
    </message>
    <message>
        <source>%1 · approval queued</source>
        <translation>%1 · Genehmigung in der Warteschlange</translation>
    </message>
    <message>
        <source>%1 · denial sending</source>
        <translation>%1 · Ablehnung wird gesendet</translation>
    </message>
    <message>
        <source>%1 · denial queued</source>
        <translation>%1 · Ablehnung in der Warteschlange</translation>
    </message>
    <message>
        <source>Sending approval…</source>
        <translation>Genehmigung wird gesendet…</translation>
    </message>
    <message>
        <source>Approval queued</source>
        <translation>Genehmigung in der Warteschlange</translation>
    </message>
    <message>
        <source>Sending denial…</source>
        <translation>Ablehnung wird gesendet…</translation>
    </message>
    <message>
        <source>Denial queued</source>
        <translation>Ablehnung in der Warteschlange</translation>
    </message>
    <message>
        <source>Your approval is being sent to Azure.</source>
        <translation>Ihre Genehmigung wird an Azure gesendet.</translation>
    </message>
    <message>
        <source>Your denial is being sent to Azure.</source>
        <translation>Ihre Ablehnung wird an Azure gesendet.</translation>
    </message>
    <message>
        <source>Your approval waits in this profile&apos;s outbox and is sent at the next sync; Withdraw takes it back.</source>
        <translation>Ihre Genehmigung wartet im Postausgang dieses Profils und wird bei der nächsten Synchronisierung gesendet; mit „Zurückziehen“ nehmen Sie sie zurück.</translation>
    </message>
    <message>
        <source>Your denial waits in this profile&apos;s outbox and is sent at the next sync; Withdraw takes it back.</source>
        <translation>Ihre Ablehnung wartet im Postausgang dieses Profils und wird bei der nächsten Synchronisierung gesendet; mit „Zurückziehen“ nehmen Sie sie zurück.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>&lt; 1 min</source>
        <translation>&lt; 1 Min.</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Min.</numerusform>
            <numerusform>vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n Std.</numerusform>
            <numerusform>vor %n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>%1 UTC
%2 local time</source>
        <translation>%1 UTC
%2 Ortszeit</translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n Std.</numerusform>
            <numerusform>%n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 +%n more</source>
        <translation>
            <numerusform>%1 +%n weitere</numerusform>
            <numerusform>%1 +%n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::RequestTableController</name>
    <message>
        <source>Quick filter</source>
        <translation>Schnellfilter</translation>
    </message>
    <message>
        <source>All subscriptions</source>
        <translation>Alle Abonnements</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::RequestTableModel</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Angefordert</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Resource type</source>
        <translation>Ressourcentyp</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Support case</source>
        <translation>Supportfall</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Zugriffsebene</translation>
    </message>
    <message>
        <source>Justification</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Expires at
%1</source>
        <translation>Läuft ab am
%1</translation>
    </message>
    <message>
        <source>Access ends at
%1</source>
        <translation>Zugriff endet am
%1</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::SettingsDialog</name>
    <message>
        <source>Lockbox Console settings</source>
        <translation>Einstellungen von Lockbox Console</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>Check for new &amp;requests every:</source>
        <translation>Prüfintervall für neue &amp;Anforderungen:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Closing the window keeps the console running in the &amp;tray</source>
        <translation>Beim Schließen des Fensters läuft die Konsole im &amp;Infobereich weiter</translation>
    </message>
    <message>
        <source>There is no system tray on this desktop, so closing the window quits the console.</source>
        <translation>Dieser Desktop hat keinen Infobereich, daher wird die Konsole beim Schließen des Fensters beendet.</translation>
    </message>
    <message>
        <source>Start Lockbox Console when I &amp;log in</source>
        <translation>Lockbox Console bei der Anmeldung &amp;starten</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <source>Alert me about &amp;new requests</source>
        <translation>Bei &amp;neuen Anforderungen benachrichtigen</translation>
    </message>
    <message>
        <source>&amp;Remind me when a request has less than:</source>
        <translation>&amp;Erinnern bei einer Restzeit von weniger als:</translation>
    </message>
    <message>
        <source> h left</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Tell me how requests &amp;end (decided here or elsewhere, expired)</source>
        <translation>Über das Ende von Anforderungen &amp;informieren (hier oder anderswo entschieden, abgelaufen)</translation>
    </message>
    <message>
        <source>&amp;Quiet hours from:</source>
        <translation>&amp;Ruhezeiten von:</translation>
    </message>
    <message>
        <source>HH:mm</source>
        <translation>HH:mm</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Alerts that come up in quiet hours are shown when they end, if they still hold. A decision of yours that does not take effect is always told. These settings belong to the profile: lockboxctl watch follows them too.</source>
        <translation>Benachrichtigungen, die während der Ruhezeiten anfallen, werden nach deren Ende angezeigt, sofern sie dann noch zutreffen. Über eine Entscheidung von Ihnen, die nicht wirksam wird, werden Sie immer benachrichtigt. Diese Einstellungen gehören zum Profil: lockboxctl watch richtet sich ebenfalls danach.</translation>
    </message>
    <message>
        <source>&amp;Subscriptions</source>
        <translation>Ab&amp;onnements</translation>
    </message>
    <message>
        <source>&amp;Every subscription I can see</source>
        <translation>&amp;Jedes für mich sichtbare Abonnement</translation>
    </message>
    <message>
        <source>&amp;Only these:</source>
        <translation>&amp;Nur diese:</translation>
    </message>
    <message>
        <source>Subscriptions to watch</source>
        <translation>Zu überwachende Abonnements</translation>
    </message>
    <message>
        <source>Sync &amp;up to</source>
        <translation>Bis &amp;zu</translation>
    </message>
    <message>
        <source> subscriptions at once</source>
        <translation> Abonnements gleichzeitig synchronisieren</translation>
    </message>
    <message>
        <source>Subscriptions synced at once</source>
        <translation>Gleichzeitig synchronisierte Abonnements</translation>
    </message>
    <message>
        <source>They share one Azure Resource Manager read budget: more at once finishes sooner until Azure asks the console to slow down.</source>
        <translation>Sie teilen sich ein gemeinsames Lesebudget von Azure Resource Manager: Mehr gleichzeitig ist schneller fertig, bis Azure die Konsole auffordert, langsamer zu werden.</translation>
    </message>
    <message>
        <source>Sign-&amp;in</source>
        <translation>Anmel&amp;dung</translation>
    </message>
    <message>
        <source>C&amp;loud:</source>
        <translation>C&amp;loud:</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>Mandan&amp;t:</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>organizations (any work account)</source>
        <translation>organizations (beliebiges Geschäftskonto)</translation>
    </message>
    <message>
        <source>Used the next time you sign in.</source>
        <translation>Wird bei der nächsten Anmeldung verwendet.</translation>
    </message>
    <message>
        <source>Before approving</source>
        <translation>Vor dem Genehmigen</translation>
    </message>
    <message>
        <source>Sign in &amp;again before each approval</source>
        <translation>Vor jeder Genehmigung &amp;erneut anmelden</translation>
    </message>
    <message>
        <source>Sign in again before each approval</source>
        <translation>Vor jeder Genehmigung erneut anmelden</translation>
    </message>
    <message>
        <source>An approval then needs a fresh browser sign-in, no older than the time below, so that someone at your unlocked session cannot approve in your name.</source>
        <translation>Eine Genehmigung erfordert dann eine neue Anmeldung im Browser, die nicht älter als die unten angegebene Zeit ist, damit niemand an Ihrer entsperrten Sitzung in Ihrem Namen genehmigen kann.</translation>
    </message>
    <message>
        <source>Signed in &amp;within:</source>
        <translation>Anmeldung &amp;nicht älter als:</translation>
    </message>
    <message>
        <source>Sign-in no older than, in minutes</source>
        <translation>Anmeldung nicht älter als, in Minuten</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>not seen in the subscription list</source>
        <translation>nicht in der Abonnementliste gefunden</translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation>synchronisiert am %1</translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation>noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>next try %1</source>
        <translation>nächster Versuch am %1</translation>
    </message>
    <message>
        <source>Set by how this console was started (the demo, or --endpoint): sign-in goes here until it is started without them.</source>
        <translation>Durch die Art des Starts dieser Konsole festgelegt (Demo oder --endpoint): Die Anmeldung erfolgt hierüber, bis die Konsole ohne diese Angaben gestartet wird.</translation>
    </message>
    <message>
        <source>Choose at least one subscription, or watch every one.</source>
        <translation>Wählen Sie mindestens ein Abonnement aus, oder überwachen Sie alle.</translation>
    </message>
    <message>
        <source>Cannot remove %1</source>
        <translation>%1 kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::SignInDialog</name>
    <message>
        <source>Sign in to Azure</source>
        <translation>Bei Azure anmelden</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Anmeldeproblem</translation>
    </message>
    <message>
        <source>How do you want to sign in?</source>
        <translation>Wie möchten Sie sich anmelden?</translation>
    </message>
    <message>
        <source>Sign in with a &amp;code (any device)</source>
        <translation>Mit einem &amp;Code anmelden (beliebiges Gerät)</translation>
    </message>
    <message>
        <source>Sign in with a code (any device)</source>
        <translation>Mit einem Code anmelden (beliebiges Gerät)</translation>
    </message>
    <message>
        <source>You get a short code to enter on Microsoft&apos;s sign-in page, on this computer or on your phone. Works everywhere, also over remote desktop or SSH.</source>
        <translation>Sie erhalten einen kurzen Code, den Sie auf der Anmeldeseite von Microsoft eingeben, auf diesem Computer oder auf Ihrem Smartphone. Funktioniert überall, auch über Remotedesktop oder SSH.</translation>
    </message>
    <message>
        <source>Sign in with my &amp;browser on this computer</source>
        <translation>Mit meinem &amp;Browser auf diesem Computer anmelden</translation>
    </message>
    <message>
        <source>Sign in with my browser on this computer</source>
        <translation>Mit meinem Browser auf diesem Computer anmelden</translation>
    </message>
    <message>
        <source>Opens the sign-in page in your browser here; the console takes over when you are done.</source>
        <translation>Öffnet die Anmeldeseite in Ihrem Browser auf diesem Computer; die Konsole übernimmt, sobald Sie fertig sind.</translation>
    </message>
    <message>
        <source>Use my &amp;Azure CLI login</source>
        <translation>Meine &amp;Azure CLI-Anmeldung verwenden</translation>
    </message>
    <message>
        <source>Use my Azure CLI login</source>
        <translation>Meine Azure CLI-Anmeldung verwenden</translation>
    </message>
    <message>
        <source>Uses the account you signed in with &quot;az login&quot; on this computer; nothing to enter here.</source>
        <translation>Verwendet das Konto, mit dem Sie sich auf diesem Computer mit &quot;az login&quot; angemeldet haben; hier ist nichts einzugeben.</translation>
    </message>
    <message>
        <source>C&amp;loud:</source>
        <translation>C&amp;loud:</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>&amp;Mandant:</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>organizations (any work account)</source>
        <translation>organizations (beliebiges Geschäftskonto)</translation>
    </message>
    <message>
        <source>Where to enter the code</source>
        <translation>Wo der Code eingegeben wird</translation>
    </message>
    <message>
        <source>Sign-in code</source>
        <translation>Anmeldecode</translation>
    </message>
    <message>
        <source>&amp;Copy code</source>
        <translation>Code &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>&amp;Open sign-in page</source>
        <translation>Anmeldeseite ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open sign-in page</source>
        <translation>Anmeldeseite öffnen</translation>
    </message>
    <message>
        <source>Code expiry</source>
        <translation>Ablauf des Codes</translation>
    </message>
    <message>
        <source>Waiting for the sign-in</source>
        <translation>Warten auf die Anmeldung</translation>
    </message>
    <message>
        <source>Waiting for you to finish signing in…</source>
        <translation>Warten, bis Sie die Anmeldung abgeschlossen haben…</translation>
    </message>
    <message>
        <source>Sign-in address</source>
        <translation>Anmeldeadresse</translation>
    </message>
    <message>
        <source>Copy &amp;address</source>
        <translation>&amp;Adresse kopieren</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Adresse kopieren</translation>
    </message>
    <message>
        <source>&amp;Open browser again</source>
        <translation>Browser erneut ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open browser again</source>
        <translation>Browser erneut öffnen</translation>
    </message>
    <message>
        <source>Sign-in progress</source>
        <translation>Anmeldefortschritt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>A&amp;nmelden</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Asking the Azure CLI for a token…</source>
        <translation>Token wird von der Azure CLI angefordert…</translation>
    </message>
    <message>
        <source>Starting the sign-in…</source>
        <translation>Anmeldung wird gestartet…</translation>
    </message>
    <message>
        <source>Enter this code on the sign-in page:</source>
        <translation>Geben Sie diesen Code auf der Anmeldeseite ein:</translation>
    </message>
    <message>
        <source>Open %1 on any device and enter this code:</source>
        <translation>Öffnen Sie %1 auf einem beliebigen Gerät, und geben Sie diesen Code ein:</translation>
    </message>
    <message>
        <source>Opens the sign-in page in your browser.</source>
        <translation>Öffnet die Anmeldeseite in Ihrem Browser.</translation>
    </message>
    <message>
        <source>The console opens only HTTPS addresses (or a simulator on this machine), and this one is neither. Open it yourself if you trust it.</source>
        <translation>Die Konsole öffnet nur HTTPS-Adressen (oder einen Simulator auf diesem Computer), und diese Adresse ist keins von beidem. Öffnen Sie sie selbst, wenn Sie ihr vertrauen.</translation>
    </message>
    <message>
        <source>This sign-in address is not HTTPS, so the console did not open it. Open it yourself only if you trust it:</source>
        <translation>Diese Anmeldeadresse ist kein HTTPS, daher hat die Konsole sie nicht geöffnet. Öffnen Sie sie nur dann selbst, wenn Sie ihr vertrauen:</translation>
    </message>
    <message>
        <source>Your browser should have opened the sign-in page. If it did not, open this address on this computer:</source>
        <translation>Ihr Browser sollte die Anmeldeseite geöffnet haben. Falls nicht, öffnen Sie diese Adresse auf diesem Computer:</translation>
    </message>
    <message>
        <source>The console could not open your browser. Open this address on this computer:</source>
        <translation>Die Konsole konnte Ihren Browser nicht öffnen. Öffnen Sie diese Adresse auf diesem Computer:</translation>
    </message>
    <message>
        <source>The sign-in failed.</source>
        <translation>Fehler bei der Anmeldung.</translation>
    </message>
    <message>
        <source>The code has expired.</source>
        <translation>Der Code ist abgelaufen.</translation>
    </message>
    <message>
        <source>The code expires in %1</source>
        <translation>Der Code läuft ab in %1</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::SingleInstance</name>
    <message>
        <source>Lockbox Console cannot make its private folder %1: %2.</source>
        <translation>Lockbox Console kann ihren privaten Ordner %1 nicht erstellen: %2.</translation>
    </message>
    <message>
        <source>Lockbox Console keeps its single-instance socket in %1, which must be a folder only you can enter, but it is %2. Someone else may have made it to stop the console or to answer in its place, so the console does not start. Remove it (or ask your administrator to), or set XDG_RUNTIME_DIR.</source>
        <translation>Lockbox Console legt ihren Einzelinstanz-Socket in %1 ab. Dies muss ein Ordner sein, den nur Sie öffnen können, ist aber %2. Möglicherweise hat jemand anderes ihn angelegt, um die Konsole zu blockieren oder an ihrer Stelle zu antworten, daher startet die Konsole nicht. Entfernen Sie ihn (oder bitten Sie Ihren Administrator darum), oder legen Sie XDG_RUNTIME_DIR fest.</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>nicht vorhanden</translation>
    </message>
    <message>
        <source>a symbolic link</source>
        <translation>ein symbolischer Link</translation>
    </message>
    <message>
        <source>not a folder</source>
        <translation>kein Ordner</translation>
    </message>
    <message>
        <source>owned by another user (uid %1)</source>
        <translation>im Besitz eines anderen Benutzers (UID %1)</translation>
    </message>
    <message>
        <source>open to other users</source>
        <translation>für andere Benutzer zugänglich</translation>
    </message>
    <message>
        <source>%1 belongs to another user (uid %2), in a folder where only you can create files. Lockbox Console does not start while it is there: someone may be trying to answer in its place. Remove it (or ask your administrator to).</source>
        <translation>%1 gehört einem anderen Benutzer (UID %2), in einem Ordner, in dem nur Sie Dateien erstellen können. Lockbox Console startet nicht, solange die Datei dort ist: Möglicherweise versucht jemand, an ihrer Stelle zu antworten. Entfernen Sie sie (oder bitten Sie Ihren Administrator darum).</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::SupportCaseLink</name>
    <message>
        <source>%1 (not an Azure portal address: %2; you are asked before it opens)</source>
        <translation>%1 (keine Adresse des Azure-Portals: %2; Sie werden vor dem Öffnen gefragt)</translation>
    </message>
    <message>
        <source>Open a link outside the Azure portal?</source>
        <translation>Einen Link außerhalb des Azure-Portals öffnen?</translation>
    </message>
    <message>
        <source>This support case link does not go to the Azure portal. It goes to:

%1

Open it only if you trust that site: a page there may imitate a Microsoft sign-in.</source>
        <translation>Dieser Link zum Supportfall führt nicht zum Azure-Portal. Er führt zu:

%1

Öffnen Sie ihn nur, wenn Sie dieser Website vertrauen: Eine Seite dort könnte eine Microsoft-Anmeldung nachahmen.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>lockbox::gui::SyncStatus</name>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Some subscriptions could not be synced:</source>
        <translation>Einige Abonnements konnten nicht synchronisiert werden:</translation>
    </message>
    <message>
        <source>Loading the cache…</source>
        <translation>Cache wird geladen…</translation>
    </message>
    <message>
        <source>Offline: no subscription could be synced</source>
        <translation>Offline: Kein Abonnement konnte synchronisiert werden</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>Letzte Synchronisierung %1</translation>
    </message>
    <message>
        <source>alerts paused until %1</source>
        <translation>Benachrichtigungen pausiert bis %1</translation>
    </message>
    <message>
        <source>quiet hours until %1</source>
        <translation>Ruhezeiten bis %1</translation>
    </message>
    <message>
        <source>syncing</source>
        <translation>wird synchronisiert</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>nie synchronisiert</translation>
    </message>
    <message numerus="yes">
        <source>Syncing %n subscription(s)…</source>
        <translation>
            <numerusform>%n Abonnement wird synchronisiert…</numerusform>
            <numerusform>%n Abonnements werden synchronisiert…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n subscription(s) failing</source>
        <translation>
            <numerusform>%n Abonnement mit Fehlern</numerusform>
            <numerusform>%n Abonnements mit Fehlern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) queued</source>
        <translation>
            <numerusform>%n Entscheidung in der Warteschlange</numerusform>
            <numerusform>%n Entscheidungen in der Warteschlange</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::TrayController</name>
    <message numerus="yes">
        <source>%n new Lockbox requests</source>
        <translation>
            <numerusform>%n neue Lockbox-Anforderung</numerusform>
            <numerusform>%n neue Lockbox-Anforderungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Lockbox requests expire soon</source>
        <translation>
            <numerusform>%n Lockbox-Anforderung läuft bald ab</numerusform>
            <numerusform>%n Lockbox-Anforderungen laufen bald ab</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Updates on %n Lockbox requests</source>
        <translation>
            <numerusform>Neuigkeiten zu %n Lockbox-Anforderung</numerusform>
            <numerusform>Neuigkeiten zu %n Lockbox-Anforderungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>No pending Lockbox requests</source>
        <translation>Keine ausstehenden Lockbox-Anforderungen</translation>
    </message>
    <message numerus="yes">
        <source>%n pending Lockbox request(s)</source>
        <translation>
            <numerusform>%n ausstehende Lockbox-Anforderung</numerusform>
            <numerusform>%n ausstehende Lockbox-Anforderungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Alerts paused until %1</source>
        <translation>Benachrichtigungen pausiert bis %1</translation>
    </message>
    <message>
        <source>Quiet hours until %1: alerts are told as they end</source>
        <translation>Ruhezeiten bis %1: Benachrichtigungen folgen nach deren Ende</translation>
    </message>
    <message>
        <source>Unknown subscription</source>
        <translation>Unbekanntes Abonnement</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Expires in %1</source>
        <translation>Läuft ab in %1</translation>
    </message>
    <message>
        <source>Justification: %1</source>
        <translation>Begründung: %1</translation>
    </message>
    <message>
        <source>New Lockbox request</source>
        <translation>Neue Lockbox-Anforderung</translation>
    </message>
    <message>
        <source>Lockbox request expires soon</source>
        <translation>Lockbox-Anforderung läuft bald ab</translation>
    </message>
    <message>
        <source>Lockbox request no longer listed</source>
        <translation>Lockbox-Anforderung nicht mehr aufgeführt</translation>
    </message>
    <message>
        <source>Azure no longer lists this request.</source>
        <translation>Azure führt diese Anforderung nicht mehr auf.</translation>
    </message>
    <message>
        <source>Your approval took effect</source>
        <translation>Ihre Genehmigung ist wirksam</translation>
    </message>
    <message>
        <source>Your denial took effect</source>
        <translation>Ihre Ablehnung ist wirksam</translation>
    </message>
    <message>
        <source>Approved by someone else</source>
        <translation>Von jemand anderem genehmigt</translation>
    </message>
    <message>
        <source>Denied by someone else</source>
        <translation>Von jemand anderem abgelehnt</translation>
    </message>
    <message>
        <source>Your approval was not applied.</source>
        <translation>Ihre Genehmigung wurde nicht übernommen.</translation>
    </message>
    <message>
        <source>Your denial was not applied.</source>
        <translation>Ihre Ablehnung wurde nicht übernommen.</translation>
    </message>
    <message>
        <source>Expired without a decision</source>
        <translation>Ohne Entscheidung abgelaufen</translation>
    </message>
    <message>
        <source>Your approval did not reach Azure in time.</source>
        <translation>Ihre Genehmigung hat Azure nicht rechtzeitig erreicht.</translation>
    </message>
    <message>
        <source>Your denial did not reach Azure in time.</source>
        <translation>Ihre Ablehnung hat Azure nicht rechtzeitig erreicht.</translation>
    </message>
    <message>
        <source>Lockbox request ended</source>
        <translation>Lockbox-Anforderung beendet</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Status now: %1</source>
        <translation>Status jetzt: %1</translation>
    </message>
    <message>
        <source>Approval not applied: %1</source>
        <translation>Genehmigung nicht übernommen: %1</translation>
    </message>
    <message>
        <source>Denial not applied: %1</source>
        <translation>Ablehnung nicht übernommen: %1</translation>
    </message>
    <message>
        <source>Your approval was not applied</source>
        <translation>Ihre Genehmigung wurde nicht übernommen</translation>
    </message>
    <message>
        <source>Your denial was not applied</source>
        <translation>Ihre Ablehnung wurde nicht übernommen</translation>
    </message>
</context>
<context>
    <name>lockbox::store::AlertJournal</name>
    <message>
        <source>An alert target needs a key.</source>
        <translation>Ein Benachrichtigungsziel benötigt einen Schlüssel.</translation>
    </message>
    <message>
        <source>An alert event needs a request id and an event name.</source>
        <translation>Ein Benachrichtigungsereignis benötigt eine Anforderungs-ID und einen Ereignisnamen.</translation>
    </message>
</context>
<context>
    <name>lockbox::store::AuditLog</name>
    <message>
        <source>Internal error: an audit record was appended outside a transaction.</source>
        <translation>Interner Fehler: Ein Prüfeintrag wurde außerhalb einer Transaktion angefügt.</translation>
    </message>
    <message>
        <source>An Activity Log record without an event id cannot be imported (it could not be told apart from a second import).</source>
        <translation>Ein Eintrag des Aktivitätsprotokolls ohne Ereignis-ID kann nicht importiert werden (er wäre von einem zweiten Import nicht zu unterscheiden).</translation>
    </message>
    <message>
        <source>The audit log of %1 has lost its head record; run a verification.</source>
        <translation>Das Prüfprotokoll von %1 hat seinen Kopfeintrag verloren; führen Sie eine Überprüfung aus.</translation>
    </message>
    <message>
        <source>The audit log in %1 cannot be read: %2</source>
        <translation>Das Prüfprotokoll in %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Audit record %1 is missing: the chain jumps from record %2 to record %3.</source>
        <translation>Prüfeintrag %1 fehlt: Die Kette springt von Eintrag %2 zu Eintrag %3.</translation>
    </message>
    <message>
        <source>Audit record %1 is out of sequence (record %2 was expected).</source>
        <translation>Prüfeintrag %1 ist außerhalb der Reihenfolge (Eintrag %2 wurde erwartet).</translation>
    </message>
    <message>
        <source>Audit record %1 does not follow record %2: records were removed, inserted or reordered at this point.</source>
        <translation>Prüfeintrag %1 folgt nicht auf Eintrag %2: An dieser Stelle wurden Einträge entfernt, eingefügt oder umgeordnet.</translation>
    </message>
    <message>
        <source>Audit record %1 was altered: its content does not match its hash.</source>
        <translation>Prüfeintrag %1 wurde geändert: Sein Inhalt stimmt nicht mit seinem Hash überein.</translation>
    </message>
    <message>
        <source>The audit log&apos;s head record is missing: records may have been removed from its end.</source>
        <translation>Der Kopfeintrag des Prüfprotokolls fehlt: Möglicherweise wurden Einträge am Ende entfernt.</translation>
    </message>
    <message>
        <source>Audit records %1 to %2 are missing from the end of the log.</source>
        <translation>Die Prüfeinträge %1 bis %2 fehlen am Ende des Protokolls.</translation>
    </message>
    <message>
        <source>Audit record %1 was added outside Lockbox Console (the log ends at record %2).</source>
        <translation>Prüfeintrag %1 wurde außerhalb von Lockbox Console hinzugefügt (das Protokoll endet bei Eintrag %2).</translation>
    </message>
    <message>
        <source>Audit record %1 does not match the log&apos;s head: it was replaced.</source>
        <translation>Prüfeintrag %1 stimmt nicht mit dem Kopf des Protokolls überein: Er wurde ersetzt.</translation>
    </message>
    <message numerus="yes">
        <source>The audit log is intact: %n record(s) verified.</source>
        <translation>
            <numerusform>Das Prüfprotokoll ist intakt: %n Eintrag überprüft.</numerusform>
            <numerusform>Das Prüfprotokoll ist intakt: %n Einträge überprüft.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::store::AuditStatistics</name>
    <message numerus="yes">
        <source>Internal error: statistics asked for %n week(s) up to an invalid or impossible time.</source>
        <translation>
            <numerusform>Interner Fehler: Statistik für %n Woche bis zu einem ungültigen oder unmöglichen Zeitpunkt angefordert.</numerusform>
            <numerusform>Interner Fehler: Statistik für %n Wochen bis zu einem ungültigen oder unmöglichen Zeitpunkt angefordert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::store::Database</name>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>Die Datenbank %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>There is no database at %1 yet: run a sync (lockboxctl sync, or start Lockbox Console) first.</source>
        <translation>Unter %1 gibt es noch keine Datenbank: Führen Sie zuerst eine Synchronisierung aus (lockboxctl sync, oder starten Sie Lockbox Console).</translation>
    </message>
    <message>
        <source>Cannot create the profile directory %1.</source>
        <translation>Das Profilverzeichnis %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Cannot create the database %1: %2</source>
        <translation>Die Datenbank %1 kann nicht erstellt werden: %2</translation>
    </message>
    <message>
        <source>The database %1 cannot use write-ahead logging (journal mode stays %2).</source>
        <translation>Die Datenbank %1 kann kein Write-Ahead-Logging verwenden (der Journalmodus bleibt %2).</translation>
    </message>
    <message>
        <source>The database %1 is damaged (%2).</source>
        <translation>Die Datenbank %1 ist beschädigt (%2).</translation>
    </message>
    <message>
        <source>The database %1 stayed in use by another Lockbox Console or lockboxctl for more than %2 s; try again.</source>
        <translation>Die Datenbank %1 war länger als %2 s durch eine andere Lockbox Console oder lockboxctl belegt; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The database %1 cannot be written (%2).</source>
        <translation>In die Datenbank %1 kann nicht geschrieben werden (%2).</translation>
    </message>
    <message>
        <source>Database %1: %2</source>
        <translation>Datenbank %1: %2</translation>
    </message>
    <message>
        <source>Database %1: %2: %3</source>
        <translation>Datenbank %1: %2: %3</translation>
    </message>
    <message>
        <source>The database %1 is damaged and cannot be checked (%2). Move it aside: Lockbox Console will make a new one and fill its cache at the next sync, but local decisions and audit records in the damaged file are lost.</source>
        <translation>Die Datenbank %1 ist beschädigt und kann nicht geprüft werden (%2). Verschieben Sie sie an einen anderen Ort: Lockbox Console erstellt eine neue und füllt deren Cache bei der nächsten Synchronisierung, aber lokale Entscheidungen und Prüfeinträge in der beschädigten Datei gehen verloren.</translation>
    </message>
    <message>
        <source>The database %1 is damaged (integrity check: %2). Move it aside: Lockbox Console will make a new one and fill its cache at the next sync, but local decisions and audit records in the damaged file are lost.</source>
        <translation>Die Datenbank %1 ist beschädigt (Integritätsprüfung: %2). Verschieben Sie sie an einen anderen Ort: Lockbox Console erstellt eine neue und füllt deren Cache bei der nächsten Synchronisierung, aber lokale Entscheidungen und Prüfeinträge in der beschädigten Datei gehen verloren.</translation>
    </message>
    <message>
        <source>Database %1: PRAGMA data_version gave no answer.</source>
        <translation>Datenbank %1: PRAGMA data_version hat keine Antwort geliefert.</translation>
    </message>
    <message>
        <source>cannot checkpoint</source>
        <translation>Checkpoint nicht möglich</translation>
    </message>
    <message>
        <source>The database %1 was written by a newer Lockbox Console (schema %2; this version knows up to %3). Update Lockbox Console.</source>
        <translation>Die Datenbank %1 wurde von einer neueren Lockbox Console geschrieben (Schema %2; diese Version kennt Schemas bis %3). Aktualisieren Sie Lockbox Console.</translation>
    </message>
    <message>
        <source>The database %1 needs an upgrade (schema %2 to %3) that only a writer performs: run lockboxctl sync or start Lockbox Console once.</source>
        <translation>Die Datenbank %1 benötigt ein Upgrade (Schema %2 auf %3), das nur ein schreibender Prozess durchführt: Führen Sie lockboxctl sync aus, oder starten Sie Lockbox Console einmal.</translation>
    </message>
    <message>
        <source>Internal error: schema migration %1 is numbered %2.</source>
        <translation>Interner Fehler: Die Schemamigration %1 hat die Nummer %2.</translation>
    </message>
    <message>
        <source>Cannot upgrade the database %1 to schema %2 (%3); it stays at schema %4: %5</source>
        <translation>Die Datenbank %1 kann nicht auf Schema %2 aktualisiert werden (%3); sie bleibt bei Schema %4: %5</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>Die Datenbank ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>The database %1 is open read-only here.</source>
        <translation>Die Datenbank %1 ist hier schreibgeschützt geöffnet.</translation>
    </message>
    <message>
        <source>Internal error: a transaction is already open on %1.</source>
        <translation>Interner Fehler: Auf %1 ist bereits eine Transaktion geöffnet.</translation>
    </message>
    <message>
        <source>cannot start a write</source>
        <translation>Schreibvorgang kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Internal error: no transaction to commit on %1.</source>
        <translation>Interner Fehler: Auf %1 gibt es keine Transaktion zum Festschreiben.</translation>
    </message>
    <message>
        <source>cannot commit</source>
        <translation>Festschreiben nicht möglich</translation>
    </message>
    <message>
        <source>A write to %1 failed.</source>
        <translation>Ein Schreibvorgang in %1 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>Nicht genügend Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Qt&apos;s SQLite driver uses another SQLite library (%1) than Lockbox Console was built with (%2); reinstall Lockbox Console for this Qt.</source>
        <translation>Der SQLite-Treiber von Qt verwendet eine andere SQLite-Bibliothek (%1) als die, mit der Lockbox Console gebaut wurde (%2); installieren Sie Lockbox Console für dieses Qt neu.</translation>
    </message>
</context>
<context>
    <name>lockbox::store::DecisionOutbox</name>
    <message>
        <source>A decision cannot be written while another transaction (a merge) is open on this connection: it must be stored for good before it is sent. Write it after the merge.</source>
        <translation>Eine Entscheidung kann nicht geschrieben werden, während auf dieser Verbindung eine andere Transaktion (eine Zusammenführung) geöffnet ist: Sie muss dauerhaft gespeichert sein, bevor sie gesendet wird. Schreiben Sie sie nach der Zusammenführung.</translation>
    </message>
    <message>
        <source>A decision needs a request id and a subscription id.</source>
        <translation>Eine Entscheidung benötigt eine Anforderungs-ID und eine Abonnement-ID.</translation>
    </message>
    <message>
        <source>A decision on request %1 is already queued (%2, %3); withdraw it first to decide differently.</source>
        <translation>Für Anforderung %1 befindet sich bereits eine Entscheidung in der Warteschlange (%2, %3); ziehen Sie sie zuerst zurück, um anders zu entscheiden.</translation>
    </message>
    <message>
        <source>There is no decision %1 in the outbox.</source>
        <translation>Im Postausgang gibt es keine Entscheidung %1.</translation>
    </message>
    <message>
        <source>The decision on request %1 is %2 and cannot become %3.</source>
        <translation>Die Entscheidung zu Anforderung %1 hat den Status %2 und kann nicht zu %3 wechseln.</translation>
    </message>
    <message>
        <source>There is no queued decision on request %1.</source>
        <translation>Für Anforderung %1 gibt es keine Entscheidung in der Warteschlange.</translation>
    </message>
    <message>
        <source>The decision on request %1 is being sent and can no longer be withdrawn.</source>
        <translation>Die Entscheidung zu Anforderung %1 wird gerade gesendet und kann nicht mehr zurückgezogen werden.</translation>
    </message>
</context>
<context>
    <name>lockbox::store::RequestStore</name>
    <message>
        <source>Request %1 names no subscription.</source>
        <translation>Anforderung %1 nennt kein Abonnement.</translation>
    </message>
    <message>
        <source>Request %1 belongs to subscription %2, but came in the list of subscription %3.</source>
        <translation>Anforderung %1 gehört zum Abonnement %2, kam aber in der Liste des Abonnements %3.</translation>
    </message>
    <message>
        <source>A request without an id cannot be cached.</source>
        <translation>Eine Anforderung ohne ID kann nicht zwischengespeichert werden.</translation>
    </message>
    <message>
        <source>A full merge needs a subscription id.</source>
        <translation>Eine vollständige Zusammenführung benötigt eine Abonnement-ID.</translation>
    </message>
    <message>
        <source>A merge session is open; commit or abort it first.</source>
        <translation>Eine Zusammenführungssitzung ist geöffnet; übernehmen oder verwerfen Sie sie zuerst.</translation>
    </message>
    <message>
        <source>Another merge or write is in progress on this connection.</source>
        <translation>Auf dieser Verbindung läuft bereits eine andere Zusammenführung oder ein anderer Schreibvorgang.</translation>
    </message>
    <message>
        <source>No merge session is open.</source>
        <translation>Es ist keine Zusammenführungssitzung geöffnet.</translation>
    </message>
    <message>
        <source>A pending merge needs a subscription id.</source>
        <translation>Eine Zusammenführung ausstehender Anforderungen benötigt eine Abonnement-ID.</translation>
    </message>
</context>
<context>
    <name>lockbox::store::SyncState</name>
    <message>
        <source>Sync state needs a subscription id.</source>
        <translation>Der Synchronisierungsstatus benötigt eine Abonnement-ID.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Lockbox Console</source>
        <translation>Lockbox Console</translation>
    </message>
    <message>
        <source>Approve or deny Azure Customer Lockbox requests from your desktop.</source>
        <translation>Anforderungen der Kunden-Lockbox für Azure direkt vom Desktop aus genehmigen oder ablehnen.</translation>
    </message>
    <message>
        <source>Run against an embedded Azure simulator with a temporary profile (nothing real is touched).</source>
        <translation>Mit einem eingebetteten Azure-Simulator und einem temporären Profil ausführen (nichts Echtes wird angetastet).</translation>
    </message>
    <message>
        <source>Profile directory (database, settings).</source>
        <translation>Profilverzeichnis (Datenbank, Einstellungen).</translation>
    </message>
    <message>
        <source>Azure Resource Manager endpoint (remembered).</source>
        <translation>Azure Resource Manager-Endpunkt (wird gespeichert).</translation>
    </message>
    <message>
        <source>Read the bearer token from this environment variable (remembered).</source>
        <translation>Bearertoken aus dieser Umgebungsvariablen lesen (wird gespeichert).</translation>
    </message>
    <message>
        <source>Start in the tray (at login).</source>
        <translation>Im Infobereich starten (bei der Anmeldung).</translation>
    </message>
    <message>
        <source>Cannot create a temporary profile: %1</source>
        <translation>Temporäres Profil kann nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>Lockbox Console already runs on this profile; showing it.</source>
        <translation>Lockbox Console wird für dieses Profil bereits ausgeführt; das Fenster wird angezeigt.</translation>
    </message>
    <message>
        <source>--endpoint wants an http(s) URL such as https://management.azure.com, not &apos;%1&apos;</source>
        <translation>--endpoint erwartet eine http(s)-URL wie https://management.azure.com, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>The demo simulator could not start: %1</source>
        <translation>Der Demosimulator konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>the demo&apos;s token</source>
        <translation>das Token der Demo</translation>
    </message>
    <message>
        <source>token from $%1</source>
        <translation>Token aus $%1</translation>
    </message>
</context>
</TS>
