#!/usr/bin/env python3
"""Deterministic generator of benchmark contact data for the CRM import tool.

    python3 Benchmarks/generate_contacts.py --count N --out DIR [--seed S]

writes DIR/contacts.csv (N rows of people, with duplicates written with
realistic variations) and DIR/truth.csv (the real entity behind every row).
Same arguments -> byte-identical files: one seeded random.Random (only its
random() is used, so the output does not depend on the Python version's
randrange/choice algorithms), no clock, no environment, no hash-ordered
iteration, UTF-8 without BOM, "\\n" line endings.  Rows are written as they
are generated; only the entities still waiting for a later duplicate and two
uniqueness indexes (email keys, phone numbers) are kept in memory.

Python 3 standard library only.  See Benchmarks/README.md.
"""

import argparse
import collections
import csv
import gc
import os
import random
import sys
import time
import unicodedata
from bisect import bisect_right

CONTACT_HEADER = ["Source ID", "First Name", "Last Name", "Company", "Email",
                  "Phone", "City", "Country", "Job Title"]
TRUTH_HEADER = ["Source ID", "Entity"]

# --- rates ----------------------------------------------------------------
P_SINGLE = 0.73                                  # entities written once
MULTI_DIST = ((2, 0.88), (3, 0.09), (4, 0.03))   # copies of the others
MIN_GAP = 5                                      # rows between two records
P_GAP_UNIFORM = 0.30                             # else log-uniform gap
P_ENTITY_EMAIL = 0.85
P_ENTITY_PHONE = 0.80
# duplicate records (the 2nd, 3rd, 4th record of an entity)
P_DUP_NO_EMAIL = 0.15
P_DUP_NO_PHONE = 0.20
P_DUP_TYPO = 0.05
P_DUP_SWAP = 0.03
P_DUP_NO_CITY = 0.08
P_DUP_NO_TITLE = 0.07
# first record of an entity
P_FIRST_NO_CITY = 0.02
P_FIRST_NO_TITLE = 0.03
# every record
P_ACCENT_DROP = 0.15       # names written without accents
P_CITY_ACCENT_DROP = 0.10
P_PADDING = 0.10           # one field gets surrounding whitespace


def split(s):
    return [x.strip() for x in s.split(",") if x.strip()]


# --- text helpers -----------------------------------------------------------
_SPECIAL = str.maketrans({"ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O",
                          "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i"})


def strip_accents(s):
    s = unicodedata.normalize("NFKD", s.translate(_SPECIAL))
    return "".join(c for c in s if not unicodedata.combining(c))


def email_part(s):
    s = strip_accents(s).lower()
    return "".join(c for c in s if ("a" <= c <= "z") or ("0" <= c <= "9") or c == "-")


def nfc(s):
    return unicodedata.normalize("NFC", s)


# --- names --------------------------------------------------------------------
FIRST = {
    "fr": split("""Jean, Marie, Pierre, Sophie, Nicolas, Isabelle, Philippe, Nathalie, François,
        Catherine, Michel, Sylvie, Alain, Christine, Éric, Valérie, Laurent, Sandrine, Stéphane,
        Céline, Julien, Aurélie, Sébastien, Émilie, Thomas, Camille, Antoine, Julie, Maxime, Léa,
        Hugo, Chloé, Lucas, Manon, Théo, Inès, Clément, Élodie, Jérôme, Hélène, Frédéric,
        Véronique, Benoît, Agnès, Mathieu, Margaux, Grégoire, Anaïs, Jean-Pierre, Marie-Claire,
        Jean-François, Anne-Sophie, Gaëlle, Noël, Loïc, Maëlle, Zoë, Joël, Raphaël, Océane,
        Thérèse, Bérénice, Cédric, Hervé, Gérard, Rémi, Jérémy, Aurélien, Éloïse, Capucine,
        Josiane, Mathilde, Guillaume, Baptiste, Quentin, Romain, Pauline, Justine, Amélie, Louise"""),
    "de": split("""Jürgen, Klaus, Wolfgang, Hans, Peter, Michael, Thomas, Andreas, Stefan, Frank,
        Markus, Matthias, Jörg, Uwe, Dieter, Günter, Helmut, Tobias, Florian, Sebastian,
        Maximilian, Lukas, Jonas, Felix, Niklas, Leon, Björn, Sören, Ursula, Monika, Petra,
        Sabine, Andrea, Claudia, Susanne, Birgit, Gisela, Jutta, Anja, Katrin, Stefanie, Julia,
        Lena, Hannah, Anna, Leonie, Marlene, Jana, Lea, Sophie, Käthe, Dörte, Bärbel, Günther,
        Karl-Heinz, Hans-Peter, Ines, Franziska, Heike, Karin, Jörn, Rüdiger, Ulf, Detlef,
        Annegret, Hannelore, Maike, Silke, Till, Moritz"""),
    "nordic": split("""Søren, Bjørn, Åsa, Ingrid, Lars, Sven, Kjell, Nils, Jørgen, Mette, Sigrid,
        Astrid, Henrik, Magnus, Freja, Linnéa, Håkon, Øystein, Solveig, Torbjørn"""),
    "es": split("""José, María, Juan, Carmen, Antonio, Ana, Manuel, Isabel, Francisco, Laura,
        David, Lucía, Javier, Marta, Carlos, Elena, Jesús, Pilar, Miguel, Cristina, Rafael, Paula,
        Pedro, Raquel, Alejandro, Sara, Fernando, Beatriz, Sergio, Rocío, Pablo, Nuria, Jorge,
        Silvia, Alberto, Inmaculada, Álvaro, Mónica, Andrés, Sofía, Íñigo, Begoña, Ramón,
        Concepción, Joaquín, Ángela, Rubén, Ainhoa, Adrián, Alba, Iván, Irene, Óscar, Noelia,
        Gonzalo, Verónica, Héctor, Maite, Ignacio, Aitana, José Luis, María José, Juan Carlos,
        Guadalupe, Ximena, Valentina, Santiago, Mateo, Camila, Luis"""),
    "it": split("""Giuseppe, Maria, Giovanni, Anna, Antonio, Giulia, Francesco, Francesca, Mario,
        Chiara, Luigi, Sara, Alessandro, Valentina, Andrea, Elena, Marco, Federica, Matteo,
        Martina, Lorenzo, Alessia, Roberto, Paola, Stefano, Silvia, Paolo, Laura, Davide, Elisa,
        Luca, Giorgia, Simone, Roberta, Fabio, Ilaria, Nicolò, Beatrice, Riccardo, Camilla,
        Gianluca, Serena, Massimo, Cristina, Salvatore, Angela, Vincenzo, Rosa, Pietro, Lucia,
        Emanuele, Noemi, Tommaso, Aurora, Daniele, Gabriele, Carlo, Sofia, Gianni, Rita,
        Niccolò, Donatella, Ludovica, Gaetano, Carmela"""),
    "gb": split("""Oliver, Amelia, George, Olivia, Harry, Isla, Jack, Emily, Charlie, Ava, James,
        Sophie, William, Grace, Thomas, Charlotte, Henry, Jessica, Edward, Lucy, Daniel, Hannah,
        Samuel, Ellie, Joseph, Chloe, Alfie, Poppy, Arthur, Freya, Rhys, Siobhán, Niamh, Seán,
        Ciarán, Aoife, Eoin, Gráinne, Callum, Fiona, Ian, Alison, Graham, Gillian, Nigel, Deborah,
        Gareth, Siân, Dylan, Megan, Ewan, Kirsty, Hamish, Morag, Rory, Imogen, Toby, Harriet,
        Rupert, Beatrice, Zoë, Chloë, Nicola, Sarah, Paul, Mark, David, John, Stephen, Helen"""),
    "us": split("""Michael, Jennifer, David, Jessica, John, Ashley, Robert, Sarah, Christopher,
        Amanda, Matthew, Brittany, Joshua, Stephanie, Andrew, Nicole, Ryan, Megan, Brandon,
        Lauren, Justin, Rachel, Tyler, Samantha, Kevin, Heather, Brian, Melissa, Jason, Amber,
        Eric, Kayla, Cody, Taylor, Austin, Madison, Ethan, Emma, Noah, Abigail, Logan, Harper,
        Mason, Avery, Aiden, Chloe, Jayden, Addison, Dakota, Kimberly, Bradley, Courtney, Travis,
        Tiffany, Dustin, Crystal, Chad, Lindsey, Zoë, Renée, Mary, Patricia, Linda, Barbara,
        Elizabeth, Susan, James, William, Richard, Joseph, Daniel, Nancy, Karen, Betty"""),
    "vi": [],  # built below: given names and "middle given"
    "ar": split("""Mohammed, Mohamed, Ahmed, Youssef, Omar, Ali, Hassan, Hussein, Karim, Khalid,
        Saïd, Rachid, Mustapha, Abdelkader, Abdellah, Hamza, Mehdi, Nabil, Samir, Tarek, Walid,
        Yassine, Ayoub, Bilal, Ismaïl, Ibrahim, Anouar, Driss, Hicham, Jamal, Fatima, Khadija,
        Aïcha, Meryem, Salma, Nour, Leïla, Yasmine, Samira, Nadia, Malika, Zineb, Houda, Imane,
        Soukaina, Hanane, Latifa, Rania, Amira, Sanaa, Widad, Loubna, Asmae, Ghizlane, Siham,
        Najat, Naïma, Zahra, Hajar, Chaïmae, Réda, Adil, Othmane, Soufiane, Zakaria"""),
    "in": split("""Aarav, Vivaan, Aditya, Arjun, Rohan, Rahul, Amit, Vikram, Rajesh, Suresh,
        Ramesh, Sanjay, Anil, Sunil, Deepak, Manoj, Arun, Karthik, Srinivas, Venkatesh, Pradeep,
        Nikhil, Siddharth, Varun, Ankit, Gaurav, Harish, Ishaan, Kunal, Naveen, Priya, Ananya,
        Aditi, Kavya, Diya, Isha, Neha, Pooja, Sneha, Divya, Lakshmi, Meera, Sunita, Anjali,
        Kavita, Rekha, Swati, Shreya, Nisha, Deepika, Aishwarya, Radha, Sita, Geeta, Padma,
        Revathi, Shalini, Preeti, Tanvi, Riya, Abhishek, Vijay, Prakash, Ravi, Gopal"""),
    "nl": split("""Jan, Pieter, Luc, Bart, Koen, Wim, Dirk, Geert, Stijn, Jeroen, Tom, Kris,
        Hanne, Lotte, Sofie, An, Els, Griet, Inge, Katrien, Liesbeth, Marijke, Nele, Joke, Ine,
        Maarten, Wouter, Sander, Lieve, Mieke, Annelies, Joris, Bram, Senne, Febe"""),
}
# more first names, less common ones (the pools above are listed most common first)
FIRST["fr"] += split("""Jean-Marc, Jean-Luc, Jean-Paul, Jean-Claude, Jean-Michel, Jean-Baptiste,
    Pierre-Yves, Pierre-Louis, Marie-Hélène, Marie-Laure, Marie-Christine, Marie-Noëlle,
    Anne-Marie, Anne-Laure, Bernadette, Brigitte, Chantal, Colette, Danielle, Dominique,
    Françoise, Geneviève, Ghislaine, Huguette, Jacqueline, Jocelyne, Lucienne, Martine,
    Micheline, Monique, Odette, Paulette, Simone, Yvette, Yvonne, Adèle, Albane, Apolline,
    Bénédicte, Blandine, Clémence, Clotilde, Constance, Delphine, Eugénie, Faustine, Hortense,
    Joséphine, Léonie, Ludivine, Mélanie, Mélissa, Noémie, Perrine, Ségolène, Solène, Violette,
    Achille, Adrien, Alexis, Anatole, Arnaud, Augustin, Aymeric, Bastien, Benjamin, Bertrand,
    Christophe, Corentin, Damien, Didier, Edmond, Émile, Étienne, Fabien, Félix, Florent,
    Gaspard, Gauthier, Gilles, Gustave, Henri, Jacques, Jules, Léon, Lionel, Marcel, Mickaël,
    Olivier, Pascal, Patrice, Régis, René, Sylvain, Thibault, Timothée, Tristan, Valentin,
    Xavier, Yann, Yannick""")
FIRST["de"] += split("""Anke, Antje, Beate, Brigitte, Christa, Dagmar, Doris, Elke, Erika, Gabriele,
    Gudrun, Hedwig, Helga, Ilse, Ingeborg, Irmgard, Karla, Lieselotte, Margarete, Mechthild,
    Renate, Rosemarie, Sieglinde, Sigrid, Ute, Waltraud, Wiebke, Annika, Carla, Emilia, Frieda,
    Greta, Ida, Johanna, Luise, Mathilda, Nele, Paula, Romy, Svenja, Theresa, Vanessa, Yvonne,
    Albrecht, Arne, Benedikt, Bernd, Carsten, Christoph, Dirk, Eckhard, Egon, Erich, Ernst,
    Fabian, Friedrich, Gerd, Gerhard, Gottfried, Hartmut, Heinrich, Henning, Holger, Horst,
    Ingo, Jan-Hendrik, Jens, Joachim, Kai, Konrad, Kurt, Lothar, Ludwig, Malte, Manfred, Marcel,
    Nico, Norbert, Olaf, Ralf, Reinhard, Rolf, Siegfried, Steffen, Sven, Thorsten, Torsten,
    Ulrich, Volker, Werner, Wilhelm""")
FIRST["es"] += split("""Amparo, Araceli, Asunción, Consuelo, Dolores, Encarnación, Esperanza, Estefanía,
    Eva, Fátima, Gema, Inés, Josefa, Lorena, Macarena, Marina, Mercedes, Milagros, Montserrat,
    Natalia, Olga, Patricia, Remedios, Rosario, Soledad, Susana, Teresa, Yolanda, Zuriñe,
    Abel, Agustín, Alfonso, Amador, Aurelio, Baltasar, Benjamín, Borja, Cristóbal, Daniel,
    Diego, Eduardo, Emilio, Enrique, Esteban, Eugenio, Felipe, Fermín, Gregorio, Guillermo,
    Hugo, Jaime, Jonatán, Julián, Leandro, Lorenzo, Marcos, Mariano, Martín, Nicolás,
    Rodrigo, Salvador, Sebastián, Tomás, Valentín, Víctor, Xavier, Unai, Asier, Iker""")
FIRST["it"] += split("""Adele, Agnese, Alberta, Annalisa, Antonella, Arianna, Benedetta, Bianca,
    Carlotta, Caterina, Cecilia, Costanza, Debora, Emma, Fabiola, Filomena, Gaia, Gemma,
    Giada, Gina, Graziella, Ginevra, Letizia, Lorenza, Marisa, Mirella, Nadia, Nicoletta,
    Ornella, Patrizia, Raffaella, Rebecca, Rossella, Stefania, Teresa, Vittoria, Alberto,
    Alessio, Angelo, Arturo, Bruno, Cesare, Claudio, Corrado, Cristiano, Dario, Diego, Edoardo,
    Enrico, Enzo, Ettore, Federico, Filippo, Flavio, Franco, Giacomo, Gianfranco, Giorgio,
    Guido, Leonardo, Manuel, Maurizio, Mattia, Michele, Nicola, Ottavio, Piero, Raffaele,
    Renato, Sergio, Silvio, Umberto, Valerio, Vittorio""")
FIRST["gb"] += split("""Abigail, Alexandra, Annabel, Bethany, Bridget, Caitlin, Clare, Eleanor, Elspeth,
    Esme, Felicity, Florence, Georgina, Gwen, Heather, Hollie, India, Jemima, Joanna, Katie,
    Laura, Lydia, Maisie, Matilda, Millie, Molly, Naomi, Phoebe, Rosie, Ruby, Sadie, Tamsin,
    Victoria, Adam, Alastair, Angus, Barnaby, Benedict, Cameron, Connor, Dominic, Duncan,
    Edmund, Elliot, Finlay, Fraser, Frederick, Gavin, Giles, Hugo, Jake, Jamie, Jasper,
    Kieran, Lewis, Liam, Luke, Malcolm, Matthew, Max, Nathan, Neil, Owen, Patrick, Piers,
    Reuben, Robert, Ross, Russell, Simon, Stuart, Theo, Tristram""")
FIRST["us"] += split("""Alexis, Allison, Alyssa, Andrea, April, Brianna, Brooke, Caitlyn, Carly,
    Cassandra, Danielle, Destiny, Erin, Gabrielle, Hailey, Haley, Holly, Jacqueline, Jasmine,
    Jenna, Kaitlyn, Kathryn, Kelsey, Kristen, Lindsay, Mackenzie, Marissa, Mikayla, Monica,
    Morgan, Paige, Shelby, Sierra, Vanessa, Whitney, Aaron, Adam, Alex, Blake, Caleb, Cameron,
    Carter, Chase, Cole, Colton, Connor, Derek, Dylan, Evan, Garrett, Gavin, Hunter, Ian,
    Isaac, Jared, Jeremy, Jesse, Jordan, Kyle, Landon, Levi, Luke, Marcus, Nathan, Parker,
    Peyton, Preston, Riley, Sean, Seth, Spencer, Trevor, Wyatt, Zachary""")
FIRST["ar"] += split("""Abdelaziz, Abdelhak, Abderrahim, Abdeslam, Adnane, Ahmad, Anas, Aziz, Badr,
    Brahim, Chakib, Fouad, Hakim, Hassane, Idriss, Ilyas, Issam, Jawad, Kamal, Khalil, Larbi,
    Lahcen, Mahmoud, Marouane, Mounir, Moussa, Nizar, Noureddine, Rachad, Redouane, Saad,
    Salah, Slimane, Taha, Yahya, Younes, Zouhair, Amal, Asma, Bouchra, Dounia, Farah, Ghita,
    Hafsa, Hind, Ikram, Jihane, Kawtar, Karima, Lamia, Majda, Mouna, Nawal, Ouafae, Rajae,
    Sara, Souad, Wafae, Yousra, Zahira""")
FIRST["in"] += split("""Aakash, Ajay, Akshay, Alok, Anand, Anirudh, Ashok, Bharat, Chetan, Darshan,
    Dev, Dinesh, Ganesh, Girish, Hemant, Jatin, Kiran, Krishna, Lokesh, Mahesh, Mohan, Mukesh,
    Naresh, Nitin, Pankaj, Prateek, Rakesh, Sachin, Sandeep, Santosh, Shankar, Shashank,
    Sudhir, Tarun, Uday, Vinay, Vishal, Yash, Aparna, Archana, Bhavna, Chitra, Gayatri,
    Harini, Jyoti, Kalpana, Lata, Madhuri, Manisha, Nandini, Pallavi, Poonam, Rashmi, Ritu,
    Sangeeta, Shweta, Smita, Sonal, Usha, Vandana""")
FIRST["nl"] += split("""Arne, Dries, Frederik, Gert, Guido, Hans, Jef, Jonas, Lander, Lieven, Niels,
    Pieterjan, Robbe, Ruben, Seppe, Thijs, Toon, Vincent, Ward, Wout, Anke, Annick, Elke,
    Evelien, Fien, Ilse, Jolien, Leen, Lien, Lies, Lore, Marie, Nathalie, Roos, Tine, Veerle""")

VI_MIDDLE = split("Văn, Thị, Minh, Quốc, Đức, Ngọc, Thanh, Hoàng, Hữu, Gia, Bảo, Kim, Xuân, Thu")
VI_GIVEN = split("""Anh, Bình, Châu, Chi, Cường, Dũng, Duy, Giang, Hà, Hải, Hạnh, Hiếu, Hoa,
    Hùng, Hương, Huy, Khánh, Khoa, Lan, Linh, Long, Mai, Minh, Nam, Ngân, Nhung, Phong, Phúc,
    Phương, Quân, Quang, Sơn, Tâm, Thảo, Thắng, Thủy, Trang, Trung, Tuấn, Tú, Vân, Việt, Vy,
    Yến, Đạt, Hậu, Lộc, Nghĩa, Thư, Ngọc""")

LAST = {
    "fr": split("""Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent,
        Simon, Michel, Lefèvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet,
        Dupont, Lambert, Fontaine, Rousseau, Vincent, Muller, Lefebvre, Faure, André, Mercier,
        Blanc, Guérin, Boyer, Garnier, Chevalier, François, Legrand, Gauthier, Garcia, Perrin,
        Robin, Clément, Morin, Nicolas, Henry, Roussel, Mathieu, Gautier, Masson, Marchand, Duval,
        Denis, Dumont, Marie, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, Blanchard, Giraud,
        Joly, Rivière, Lucas, Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard, Roche, Renard,
        Schmitt, Roy, Leroux, Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine, Renaud,
        Dumas, Lacroix, Olivier, Philippe, Bourgeois, Pierre, Benoît, Rey, Leclerc, Payet,
        Rolland, Leclercq, Guillaume, Lecomte, Lopez, Jean, Dupuy, Guillot, Hubert, Berger,
        Carpentier, Sanchez, Dupuis, Moulin, Louis, Deschamps, Huet, Vasseur, Perez, Boucher,
        Fleury, Royer, Klein, Jacquet, Adam, Paris, Poirier, Marty, Aubry, Guyot, Carré, Charles,
        Renault, Charpentier, Ménard, Maillard, Baron, Bertin, Bailly, Hervé, Schneider,
        Fernandez, Le Gall, Collet, Léger, Bouvier, Julien, Prévost, Millet, Perrot, Daniel,
        Le Roux, Cousin, Germain, Breton, Besson, Langlois, Rémy, Le Goff, Pelletier, Lévêque,
        Perrier, Leblanc, Barré, Lebrun, Marchal, Weber, Mallet, Hamon, Boulanger, Jacob,
        Monnier, Michaud, Rodriguez, Guichard, Gillet, Étienne, Grondin, Poulain, Tessier,
        Chevallier, Collin, Chauvin, Da Silva, Bouchet, Gay, Lemaître, Bénard, Maréchal, Humbert,
        Reynaud, Antoine, Hoarau, Perret, Barthélemy, Cordier, Pichon, Lejeune, Gilbert, Lamy,
        Delaunay, Pasquier, Carlier, Laporte, de Villiers, Le Floc'h, Saint-Martin, d'Arcy,
        Desjardins, Lefort, Courtois, Thibault, Bourdon"""),
    "de": split("""Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz,
        Hoffmann, Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz,
        Zimmermann, Braun, Krüger, Hofmann, Hartmann, Lange, Schmitt, Werner, Schmitz, Krause,
        Meier, Lehmann, Schmid, Schulze, Maier, Köhler, Herrmann, König, Walter, Mayer, Huber,
        Kaiser, Fuchs, Peters, Lang, Scholz, Möller, Weiß, Jung, Hahn, Schubert, Vogel, Friedrich,
        Keller, Günther, Frank, Berger, Winkler, Roth, Beck, Lorenz, Baumann, Franke, Albrecht,
        Schuster, Simon, Ludwig, Böhm, Winter, Kraus, Martin, Schumacher, Krämer, Vogt, Stein,
        Jäger, Otto, Sommer, Groß, Seidel, Heinrich, Brandt, Haas, Schreiber, Graf, Schulte,
        Dietrich, Ziegler, Kuhn, Kühn, Pohl, Engel, Horn, Busch, Bergmann, Thomas, Voigt, Sauer,
        Arnold, Wolff, Pfeiffer, von Bülow, von der Heide, Oßwald, Dürr, Gärtner, Förster,
        Müller-Lüdenscheidt, Böttcher, Löffler, Haußmann, Nußbaum, Straßer, Jürgens, Thiele"""),
    "nordic": split("""Jensen, Nielsen, Hansen, Pedersen, Andersen, Larsen, Sørensen, Johansson,
        Karlsson, Lindqvist, Åberg, Bjørklund, Østergaard, Halvorsen, Nyström, Ekström, Lindgren,
        Holm, Dahl, Berg, Søndergaard, Kjær, Lundqvist, Sjöberg"""),
    "es": split("""García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez,
        Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, Gutiérrez,
        Navarro, Torres, Domínguez, Vázquez, Ramos, Gil, Ramírez, Serrano, Blanco, Molina,
        Morales, Suárez, Ortega, Delgado, Castro, Ortiz, Rubio, Marín, Sanz, Núñez, Iglesias,
        Medina, Garrido, Cortés, Castillo, Santos, Lozano, Guerrero, Cano, Prieto, Méndez, Cruz,
        Calvo, Gallego, Vidal, León, Márquez, Herrera, Peña, Flores, Cabrera, Campos, Vega,
        Fuentes, Carrasco, Díez, Caballero, Reyes, Nieto, Aguilar, Pascual, Santana, Herrero,
        Montero, Lorenzo, Hidalgo, Giménez, Ibáñez, Ferrer, Durán, Santiago, Benítez, Mora,
        Vicente, Vargas, Arias, Carmona, Crespo, Román, Pastor, Soto, Sáez, Velasco, Moya, Soler,
        Parra, Esteban, Bravo, Gallardo, Rojas, de la Cruz, Echeverría, Etxeberria, Goikoetxea,
        Zubizarreta, Peñalver, Ordóñez, Quiñones, Castañeda, Muñiz"""),
    "it": split("""Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco,
        Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti,
        Barbieri, Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli, Martini, Leone,
        Longo, Gentile, Martinelli, Vitale, Lombardo, Serra, Coppola, De Santis, D'Angelo,
        Marchetti, Parisi, Villa, Conte, Ferraro, Ferri, Fabbri, Bianco, Marini, Grasso,
        Valentini, Messina, Sala, De Angelis, Gatti, Pellegrini, Palumbo, Sanna, Farina, Rizzi,
        Monti, Cattaneo, Morelli, Amato, Silvestri, Mazza, Testa, Grassi, Pellegrino, Carbone,
        Giuliani, Benedetti, Barone, Rossetti, Caputo, Montanari, Guerra, Palmieri, Bernardi,
        Martino, Fiore, De Rosa, Ferretti, Bellini, Basile, Riva, Donati, Piras, Vitali,
        Battaglia, Sartori, Neri, Costantini, Milani, Pagano, Ruggiero, Sorrentino, D'Amico,
        Orlando, Negri, Nicolò, Fabbrò, Mazzà, Cantù"""),
    "gb": split("""Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson,
        Roberts, Robinson, Thompson, Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis,
        Harris, Clarke, Patel, Jackson, Wood, Turner, Martin, Cooper, Hill, Ward, Morris, Moore,
        Clark, Lee, King, Baker, Harrison, Morgan, Allen, James, Scott, Phillips, Watson, Davis,
        Parker, Price, Bennett, Young, Griffiths, Mitchell, Kelly, Cook, Carter, Richardson,
        Bailey, Collins, Bell, Shaw, Murphy, Miller, Cox, Richards, Khan, Marshall, Anderson,
        Simpson, Ellis, Adams, Singh, Begum, Wilkinson, Foster, Chapman, Powell, Webb, Rogers,
        Gray, Mason, Ali, Hunt, Hussain, Campbell, Matthews, Owen, Palmer, Holmes, Mills, Barnes,
        Knight, Lloyd, Butler, Russell, Barker, Fisher, Stevens, Jenkins, Murray, Dixon, Harvey,
        O'Brien, O'Sullivan, McLaughlin, Fitzgerald, MacLeod, O'Neill, McKenzie, Ó Briain,
        Brontë, Fforde, ap Rhys"""),
    "us": split("""Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor,
        Thomas, Moore, Martin, Jackson, Thompson, White, Harris, Clark, Lewis, Robinson, Walker,
        Young, Allen, King, Wright, Scott, Hill, Green, Adams, Baker, Nelson, Carter, Mitchell,
        Roberts, Turner, Phillips, Campbell, Parker, Evans, Edwards, Collins, Stewart, Morris,
        Murphy, Cook, Rogers, Morgan, Cooper, Peterson, Reed, Bailey, Bell, Kelly, Howard, Ward,
        Cox, Richardson, Wood, Watson, Brooks, Bennett, Gray, James, Hughes, Price, Sanders,
        Myers, Long, Ross, Foster, Powell, Jenkins, Perry, Russell, Sullivan, Fisher, Henderson,
        Coleman, Simmons, Patterson, Jordan, Reynolds, Hamilton, Graham, Wallace, Cole, West,
        O'Brien, O'Connor, McDonald, McCarthy, MacKenzie, Kowalski, Schneider, Nguyen, Kim, Lee,
        Chen, Wong, Goldberg, Cohen, Levy, Rosenberg, DeLuca, LaRue, St. John, Van Buren"""),
    "vi": split("""Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô,
        Dương, Lý, Đinh, Trương, Lâm, Mai, Trịnh, Đoàn, Tạ, Lương, Quách, Cao, Tô, Hà, Châu, Tăng"""),
    "ar": split("""Benali, El Amrani, Alaoui, Idrissi, Bennani, Tazi, Berrada, El Fassi, Chraibi,
        Benjelloun, Lahlou, Sebti, Ouazzani, Kettani, Bouzid, Haddad, Saïdi, Mansouri, Cherkaoui,
        Ziani, El Khatib, Benmoussa, Belkacem, Boumediene, Hamdi, Trabelsi, Ben Salah,
        Ben Youssef, Al-Farsi, Al-Rashid, Khalil, Nasser, Aziz, Hamid, Rahmani, Bakkali, Amrani,
        Filali, Skalli, Belhaj, Fassi-Fihri, Benkirane, Laraki, Naciri, Slaoui, Tahiri,
        El Idrissi, Ait Ahmed, Aït Lahcen, Ouali, Meziane, Zerouali, Bouazza, Harrak, Jabri,
        Kabbaj, Lamrani, Mernissi, Sqalli, Benchekroun"""),
    "in": split("""Sharma, Verma, Gupta, Singh, Kumar, Patel, Shah, Mehta, Joshi, Desai, Reddy, Rao,
        Naidu, Iyer, Iyengar, Nair, Menon, Pillai, Kurup, Das, Bose, Chatterjee, Banerjee,
        Mukherjee, Ghosh, Sen, Dutta, Chakraborty, Mishra, Pandey, Tiwari, Dubey, Srivastava,
        Saxena, Agarwal, Jain, Kapoor, Khanna, Malhotra, Chopra, Bhatia, Sethi, Arora, Kulkarni,
        Deshpande, Patil, Pawar, Jadhav, Gowda, Shetty, Hegde, Kamath, Bhat, Krishnan,
        Subramanian, Venkataraman, Raman, Sundaram, Natarajan, Chandrasekhar, Ahmed, Khan,
        Qureshi, Siddiqui, Ansari, Fernandes, D'Souza, Pereira, Gill, Sandhu, Dhillon, Grewal,
        Sidhu, Bajwa"""),
    "nl": split("""Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters,
        De Smet, Vermeulen, Van den Broeck, Van de Velde, De Vos, Hermans, Pauwels, Aerts,
        Verstraete, De Backer, Van Damme, Desmet, De Clercq, Cools, Segers, Michiels, Smets,
        Verhoeven, Van Dyck, Lemmens, Vandenberghe, Claeys, De Meyer, Coppens, Martens, Stevens,
        Dewulf, Van Hoof, Baert, Van Acker, Vanderstraeten"""),
}
# Vietnamese surname frequencies are famously skewed (Nguyễn ~38%).
VI_LAST_WEIGHTS = [38, 11, 9.5, 7, 5.1, 4, 4.5, 3.9, 2.5, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5,
                   0.6, 0.6, 0.5, 0.5, 0.4, 0.4, 0.3, 0.3, 0.2, 0.3, 0.2, 0.3, 0.2, 0.2]

# Syllables for invented but plausible surnames: every start + end pair that
# reads well (no vowel clash) is used, giving the long tail of rare surnames
# that real populations have.  A start ending in "_" is a separate particle.
SYLLABLES = {
    "fr": (split("""Beau, Bel, Ber, Bon, Bou, Bru, Cha, Char, Chau, Cla, Cor, Cour, Dau, Del, Des,
        Du, Fa, Fer, Fon, Four, Gal, Gar, Gau, Gil, Gou, Gra, Gre, Gui, La, Lam, Lan, Lar, Le, Lo,
        Mal, Mar, Mau, Mer, Mon, Mor, Pel, Per, Pou, Ray, Ri, Ro, Rou, Sau, Tes, Val, Ver, Vil"""),
           split("""ard, ault, aud, eau, el, et, ier, ière, in, on, ot, oux, ais, ain, ant, at, ac,
        ès, ey, ette, eron, elle, champ, court, mont, ville, val, lin, chet, nier, rand, ois,
        bert, bois, fort, mas, ret, lot, det, nel, get, dieu, quet, lard, meur, vert, rieux""")),
    "de": (split("""Ab, Al, Alt, Bau, Beck, Berg, Bir, Brand, Brun, Dorn, Eb, Eck, Eich, Falk, Feld,
        Fisch, Fried, Gold, Gro, Grün, Hab, Hag, Hart, Heil, Hein, Her, Hirsch, Hoch, Hof, Holz,
        Horn, Kal, Kirch, Klee, Kohl, Kron, Lan, Lieb, Lind, Loh, Mar, Mohr, Mühl, Neu, Ober,
        Ost, Pfeif, Rein, Ried, Rosen, Rot, Sand, Schön, Schwarz, Sieg, Stein, Stroh, Thal, Wald,
        Weid, Wein, Wies, Wolf, Zimmer"""),
           split("""mann, berg, er, feld, hofer, bach, ner, huber, meier, stein, hausen, linger,
        bauer, müller, inger, ke, dorf, brück, wald, ecker, hardt, heim, lein, reiter, schmied,
        thaler, wieser, maier, burger, ling, haus, acher, egger, rath, ert""")),
    "es": (split("""Al, Alba, Arr, Bal, Bar, Ben, Bor, Cal, Cam, Car, Cas, Cer, Cor, Es, Fer, Gal,
        Gar, Gil, Her, Iba, Lar, Lo, Mal, Man, Mar, Mend, Mir, Mon, Nav, Ol, Or, Pa, Pal, Quin,
        Ro, Sal, San, Sol, Tor, Ur, Val, Var, Vel, Zal, Zam"""),
           split("""rez, ero, illo, ado, ez, ana, ano, edo, era, ares, iño, ía, ón, ete, uz, ázquez,
        eda, ante, ales, ega, iel, oya, uelo, ada, ino, ena, ona""")),
    "it": (split("""Al, Bal, Bel, Ber, Bor, Bru, Cal, Cam, Can, Car, Cas, Cat, Cor, Dal, Fab, Fer,
        Fio, Gal, Gar, Gen, Gra, Lom, Lu, Mag, Man, Mar, Maz, Mon, Mor, Pal, Pan, Pa, Pier, Ric,
        Ros, Sal, San, Sca, Ser, Spa, Tor, Tre, Val, Ven, Vit, Zan"""),
           split("""ini, etti, ucci, elli, one, ari, aldi, otti, ese, ato, ino, ieri, uzzi, acci,
        ella, ardi, oni, ano, enti, ollo, ara, asso, esi, iano, ulli, aro, eri, ossi, oli, etto,
        doni, lani, tini, rini, zzoli""")),
    "gb": (split("""Ash, Bar, Black, Brad, Bram, Brook, Bur, Carl, Chad, Chap, Craw, Dal, Dun, East,
        Elm, Fair, Farn, Ford, Gil, Glad, Hal, Ham, Hart, Hawk, Hol, Kings, Lang, Lock, Mid, Mor,
        Nor, Oak, Pem, Pres, Rad, Red, Rock, Roth, Rush, Shel, Stan, Stock, Sum, Thorn, Wal, Wat,
        Wen, West, Whit, Wil, Wood, Wy"""),
           split("""ford, ley, ton, worth, well, field, ham, wood, by, more, ridge, stone, combe,
        hurst, dale, wick, shaw, bury, cott, den, ling, man, son, ner, wright, land, brook,
        cliffe, hill, mere""")),
    "in": (split("""Agar, Anan, Bala, Bhar, Chan, Chand, Dev, Gan, Gopa, Guru, Har, Hari, Jay, Kesh,
        Kris, Lal, Madhu, Mah, Mura, Nara, Pad, Pra, Raj, Ram, Ravi, Sat, Shan, Sri, Sub, Sun,
        Venk, Vija, Vish, Aru, Bhu, Dhar, Ghan, Jag, Kam, Mani, Nand, Prem, Rama, Shiv, Som,
        Sura, Uma, Vas"""),
           split("""wal, dwaj, ran, esh, kar, ayan, ath, ani, ekar, appa, iah, amurthy, anand,
        eswaran, nathan, swamy, raj, pal, deep, nath, kumar, krishnan, shankar, murthy, war,
        gopal, lingam, achar, rao, varma, singhani, dasan, puri, wala""")),
    "ar": (split("El_, Ben, Al-, Bou, Abou_, Ait_, Ben_, Ould_, Ibn_, Ben-, Bel, Lah"),
           split("""Alami, Amrani, Ghazi, Hachimi, Hilali, Jazouli, Khattabi, Mahdi, Rifai, Soussi,
        Tounsi, Wahbi, Yazidi, Zaki, Omar, Hassan, Karim, Saïd, Brahim, Aissa, Kacem, Jelloun,
        Naceur, Tayeb, Fadili, Ghali, Habib, Idris, Jaafar, Kabir, Lamine, Madani, Nouri,
        Rachidi, Salem, Tahar, Yacine, Zaidi, Moussa, Haddou, Abbas, Belkadi, Chafik, Daoudi,
        Ennaji, Fassi, Guessous, Hamdouchi, Jamai, Kadiri, Loukili, Mekouar, Nejjar, Ouahbi,
        Qadiri, Raji, Sabri, Tazi, Yamani, Zemmouri, Bennis, Chaoui, Drissi, Essaidi, Hajji,
        Khalfi, Marrakchi, Nachit, Rhazi, Sefrioui, Touimi, Wazzani, Zniber, Bakri""")),
    "nl": (split("Van den_, Van de_, Van_, De_, Ver, Vanden, Ter_, Op de_, Vande, Ten_"),
           split("""Berg, Broeck, Velde, Dijk, Hove, Acker, Steen, Bossche, Poel, Linden, Beke,
        Meersch, Kerckhove, Walle, Heuvel, Bruggen, Eynde, Putte, Straeten, Bempt, Kerkhof,
        Haute, Wyngaert, Voorde, Mortel, Leemput, Bulcke, Daele, Hecke, Sype""")),
    "nordic": (split("""Lind, Berg, Holm, Sand, Strand, Ek, Sjö, Dahl, Ås, Fjeld, Nor, Sol, Löv, Vik,
        Ståhl"""),
               split("qvist, ström, gren, berg, lund, sen, gaard, vik, by, dal, holm, näs")),
}
SYLLABLES["us"] = SYLLABLES["gb"]
VOWELS = set("aeiouyàâäéèêëîïôöùûüáíóúñ")

# Popularity of names and companies: weight of the i-th (0-based) entry of a
# pool = 1 / (i + offset) ** exponent; the pools are listed most common first.
FIRST_ZIPF = (0.3, 8)
LAST_ZIPF = (0.5, 8)
COMPANY_ZIPF = (0.8, 10)
# Share of a culture's people whose surname is an invented one (real
# populations have a long tail of rare surnames that a list of common ones
# misses), and of Spanish-culture people written with two surnames.
SYLLABLE_SHARE = {"es": 0.3}
SYLLABLE_SHARE_DEFAULT = 0.6
COMPOUND_SHARE = 0.3

# --- countries, cities, phones ---------------------------------------------------
# City spec: "Name:landline-prefix/subscriber-digits:weight"; prefixes joined by '|'.
COUNTRIES = [
    # code, name, weight, cc, trunk, name mix, company languages, title languages,
    # legal suffixes, mobile patterns (prefixes, nsn length, groups), landline groups, cities
    dict(code="FR", name="France", w=20, cc="33", trunk="0",
         mix=dict(fr=82, ar=7, it=3, es=3, vi=2, de=1, gb=1, **{"in": 1}),
         clang=dict(fr=1), tlang=dict(fr=75, en=25),
         suffix=dict(SAS=55, SARL=35, SA=10),
         mobile=("60|61|62|64|65|66|67|68|73|74|75|76|77|78|79", 9, (1, 2, 2, 2, 2)),
         lgroups={1: (1, 2, 2, 2, 2)}, p_mobile=0.6, first="2345",
         cities="""Paris:1/8:25, Marseille:4/8:6, Lyon:4/8:6, Toulouse:5/8:5, Nice:4/8:4,
             Nantes:2/8:4, Strasbourg:3/8:3, Montpellier:4/8:3, Bordeaux:5/8:4, Lille:3/8:4,
             Rennes:2/8:3, Reims:3/8:2, Grenoble:4/8:2, Saint-Étienne:4/8:2, Toulon:4/8:2,
             Le Havre:2/8:1, Dijon:3/8:2, Angers:2/8:1, Nîmes:4/8:1, Clermont-Ferrand:4/8:1,
             Besançon:3/8:1, Orléans:2/8:1, Rouen:2/8:2, Aix-en-Provence:4/8:2,
             Boulogne-Billancourt:1/8:2, Nanterre:1/8:2, Courbevoie:1/8:2,
             Issy-les-Moulineaux:1/8:2, Levallois-Perret:1/8:1, Annecy:4/8:1, Metz:3/8:1,
             Brest:2/8:1, Limoges:5/8:1, Tours:2/8:1, Amiens:3/8:1, Caen:2/8:1, Perpignan:4/8:1,
             Pau:5/8:1, La Rochelle:5/8:1, Évry-Courcouronnes:1/8:1, Créteil:1/8:1,
             Neuilly-sur-Seine:1/8:1, Sèvres:1/8:1"""),
    dict(code="DE", name="Germany", w=13, cc="49", trunk="0",
         mix=dict(de=86, nordic=3, it=3, ar=4, es=1, fr=1, gb=1, **{"in": 1}),
         clang=dict(de=1), tlang=dict(de=65, en=35),
         suffix=dict(GmbH=80, AG=20),
         mobile=("151|152|157|159|160|162|163|170|171|172|173|174|175|176|177|178|179", 11,
                 (3, 8)),
         lgroups=None, p_mobile=0.55,
         cities="""Berlin:30/8:12, Hamburg:40/8:7, München:89/8:7, Köln:221/7:5,
             Frankfurt am Main:69/8:5, Stuttgart:711/7:4, Düsseldorf:211/7:4, Leipzig:341/7:3,
             Dortmund:231/7:3, Essen:201/7:3, Bremen:421/7:2, Dresden:351/7:3, Hannover:511/7:3,
             Nürnberg:911/7:3, Duisburg:203/7:2, Bochum:234/7:2, Wuppertal:202/7:2,
             Bielefeld:521/7:2, Bonn:228/7:2, Münster:251/7:2, Mannheim:621/7:2,
             Karlsruhe:721/7:2, Augsburg:821/7:2, Wiesbaden:611/7:2, Mönchengladbach:2161/6:1,
             Freiburg im Breisgau:761/7:2, Mainz:6131/6:1, Kiel:431/7:1, Lübeck:451/7:1,
             Würzburg:931/7:1, Regensburg:941/7:1, Göttingen:551/7:1, Heidelberg:6221/6:1,
             Saarbrücken:681/7:1, Osnabrück:541/7:1"""),
    dict(code="ES", name="Spain", w=8, cc="34", trunk="",
         mix=dict(es=90, ar=4, fr=2, it=2, gb=1, de=1),
         clang=dict(es=1), tlang=dict(es=70, en=30),
         suffix=dict(SA=1),
         mobile=("60|61|62|63|64|65|66|67|68|69|71|72|73|74", 9, (3, 3, 3)),
         lgroups={2: (2, 3, 2, 2), 3: (3, 2, 2, 2)}, p_mobile=0.6,
         cities="""Madrid:91/7:20, Barcelona:93/7:16, Valencia:96/7:6, Sevilla:954/6:5,
             Zaragoza:976/6:4, Málaga:952/6:4, Murcia:968/6:3, Palma:971/6:3,
             Las Palmas de Gran Canaria:928/6:2, Bilbao:944/6:4, Alicante:965/6:3,
             Córdoba:957/6:2, Valladolid:983/6:2, Vigo:986/6:2, Gijón:985/6:2, A Coruña:981/6:2,
             Granada:958/6:2, Vitoria-Gasteiz:945/6:1, Donostia-San Sebastián:943/6:2,
             Pamplona:948/6:1, Santander:942/6:1, Salamanca:923/6:1, Cádiz:956/6:1, León:987/6:1,
             Logroño:941/6:1, Castellón de la Plana:964/6:1, Almería:950/6:1, Jaén:953/6:1,
             Cáceres:927/6:1"""),
    dict(code="IT", name="Italy", w=8, cc="39", trunk="",
         mix=dict(it=92, ar=2, es=2, fr=2, de=2),
         clang=dict(it=1), tlang=dict(it=70, en=30),
         suffix={"S.p.A.": 1},
         mobile=("320|324|327|328|329|330|331|333|334|335|336|337|338|339|340|342|345|346|347|"
                 "348|349|351|366|368|380|388|389|391|392|393", 10, (3, 3, 4)),
         lgroups=None, p_mobile=0.6,
         cities="""Milano:02/8:16, Roma:06/8:14, Napoli:081/7:6, Torino:011/7:7, Palermo:091/7:3,
             Genova:010/7:3, Bologna:051/7:4, Firenze:055/7:4, Bari:080/7:3, Catania:095/7:2,
             Venezia:041/7:2, Verona:045/7:2, Messina:090/7:1, Padova:049/7:2, Trieste:040/7:1,
             Brescia:030/7:2, Parma:0521/6:1, Prato:0574/6:1, Modena:059/7:1, Perugia:075/7:1,
             Livorno:0586/6:1, Cagliari:070/7:1, Forlì:0543/6:1, Cantù:031/7:1,
             Bolzano:0471/6:1, Bergamo:035/7:2, Trento:0461/6:1, Vicenza:0444/6:1,
             Lecce:0832/6:1, Reggio nell'Emilia:0522/6:1"""),
    dict(code="GB", name="United Kingdom", w=10, cc="44", trunk="0",
         mix=dict(gb=76, us=2, fr=2, it=2, es=2, de=1, nordic=1, ar=4, **{"in": 10}),
         clang=dict(en=1), tlang=dict(en=1),
         suffix=dict(Ltd=1),
         mobile=("7412|7423|7448|7469|7481|7501|7534|7557|7712|7723|7745|7766|7789|7812|7841|"
                 "7866|7890|7903|7912|7944|7956|7970|7985", 10, (4, 6)),
         lgroups={2: (2, 4, 4), 3: (3, 3, 4), 4: (4, 6)}, p_mobile=0.5, first="234",
         cities="""London:20 7|20 8|20 3/7:30, Birmingham:121/7:5, Manchester:161/7:6,
             Glasgow:141/7:3, Edinburgh:131/7:4, Leeds:113/7:3, Liverpool:151/7:3,
             Bristol:117/7:3, Sheffield:114/7:2, Newcastle upon Tyne:191/7:2,
             Nottingham:115/7/29:2, Leicester:116/7:2, Cardiff:29 20/6:2, Belfast:28 90/6:2,
             Southampton:23 80/6:1, Coventry:24 76/6:1, Portsmouth:23 92/6:1, Brighton:1273/6:1,
             Cambridge:1223/6:2, Oxford:1865/6:2, Reading:118/7:2, Aberdeen:1224/6:1,
             York:1904/6:1, Bath:1225/6:1, Norwich:1603/6:1, Milton Keynes:1908/6:1"""),
    dict(code="US", name="United States", w=17, cc="1", trunk="",
         mix=dict(us=62, es=16, vi=4, it=4, de=3, gb=3, fr=1, ar=2, **{"in": 5}),
         clang=dict(en=1), tlang=dict(en=1),
         suffix=dict(Inc=55, LLC=45),
         mobile=None, lgroups=None, p_mobile=0.0,
         cities="""New York:212|646|718|917:14, San Francisco:415|628:5, Boston:617|857:4,
             Chicago:312|773:6, Los Angeles:213|310|323:7, Washington:202:3, Miami:305|786:3,
             Seattle:206:3, Austin:512:3, Houston:713|832:4, Dallas:214|972:3, Atlanta:404|470:3,
             Denver:303|720:2, Las Vegas:702:1, Phoenix:602|480:2, Philadelphia:215|267:3,
             Pittsburgh:412:1, Detroit:313:1, Minneapolis:612:2, Portland:503:1,
             Nashville:615:1, Charlotte:704:1, Raleigh:919:1, St. Louis:314:1,
             Kansas City:816:1, Indianapolis:317:1, Columbus:614:1, Cleveland:216:1,
             Salt Lake City:801:1, San Diego:619|858:2, Orlando:407:1, Tampa:813:1,
             New Orleans:504:1, Memphis:901:1, Milwaukee:414:1, San Jose:408|669:2,
             Albuquerque:505:1"""),
    dict(code="BE", name="Belgium", w=4, cc="32", trunk="0",
         mix=dict(fr=45, nl=40, ar=8, it=3, de=2, es=2),
         clang=dict(fr=55, nl=45), tlang=dict(fr=45, en=55),
         suffix=dict(SA=50, BV=50),
         mobile=("470|471|472|473|474|475|476|477|478|479|484|485|486|487|488|489|490|491|492|"
                 "493|494|495|496|497|498|499", 9, (3, 2, 2, 2)),
         lgroups={1: (1, 3, 2, 2), 2: (2, 2, 2, 2)}, p_mobile=0.6, first="2345678",
         cities="""Bruxelles:2/7:20, Antwerpen:3/7:10, Gent:9/7/234:6, Charleroi:71/6:4,
             Liège:4 2/6:5, Brugge:50/6:3, Namur:81/6:3, Leuven:16/6:3, Mons:65/6:2,
             Mechelen:15/6:2, Louvain-la-Neuve:10/6:2, Wavre:10/6:1, Hasselt:11/6:2,
             Kortrijk:56/6:2, Oostende:59/6:1, Waterloo:2/7:1"""),
    dict(code="CH", name="Switzerland", w=4, cc="41", trunk="0",
         mix=dict(de=55, fr=25, it=12, es=2, ar=2, nordic=2, gb=2),
         clang=dict(de=55, fr=35, it=10), tlang=dict(de=40, fr=30, en=30),
         suffix=dict(AG=50, SA=30, GmbH=20),
         mobile=("75|76|77|78|79", 9, (2, 3, 2, 2)),
         lgroups={2: (2, 3, 2, 2)}, p_mobile=0.55,
         cities="""Zürich:44|43/7:20, Genève:22/7:12, Basel:61/7:8, Bern:31/7:7, Lausanne:21/7:7,
             Winterthur:52/7:3, Luzern:41/7:3, St. Gallen:71/7:2, Lugano:91/7:3,
             Biel/Bienne:32/7:2, Thun:33/7:1, Neuchâtel:32/7:2, Fribourg:26/7:2, Sion:27/7:1,
             Zug:41/7:3"""),
    dict(code="VN", name="Vietnam", w=4, cc="84", trunk="0",
         mix=dict(vi=97, fr=1, us=1, gb=1),
         clang=dict(vi=1), tlang=dict(en=1),
         suffix=dict(Ltd=1),
         mobile=("90|91|93|94|96|97|98|32|33|34|35|36|37|38|39|70|76|77|78|79|81|82|83|84|85|"
                 "86|88", 9, (3, 3, 3)),
         lgroups={2: (2, 4, 4), 3: (3, 3, 4)}, p_mobile=0.75, first="2345678",
         cities="""Hà Nội:24/8:30, Hồ Chí Minh:28/8:35, Đà Nẵng:236/7:8, Hải Phòng:225/7:5,
             Cần Thơ:292/7:4, Biên Hòa:251/7:3, Huế:234/7:3, Nha Trang:258/7:3,
             Vũng Tàu:254/7:2, Buôn Ma Thuột:262/7:1, Quy Nhơn:256/7:1, Hạ Long:203/7:1"""),
    dict(code="MA", name="Morocco", w=5, cc="212", trunk="0",
         mix=dict(ar=90, fr=8, es=2),
         clang=dict(ma=1), tlang=dict(fr=70, en=30),
         suffix=dict(SARL=70, SA=30),
         mobile=("61|62|63|64|65|66|67|69|70|71|76|77", 9, (1, 2, 2, 2, 2)),
         lgroups={3: (1, 2, 2, 2, 2)}, p_mobile=0.65, first="378",
         cities="""Casablanca:522/6:30, Rabat:537/6:12, Marrakech:524/6:10, Fès:535/6:7,
             Tanger:539/6:8, Agadir:528/6:5, Meknès:535/6:4, Oujda:536/6:3, Kénitra:537/6:3,
             Tétouan:539/6:3, Salé:537/6:3, El Jadida:523/6:2, Mohammédia:523/6:3,
             Béni Mellal:523/6:1, Nador:536/6:1"""),
    dict(code="IN", name="India", w=7, cc="91", trunk="0",
         mix=dict(gb=2, us=1, **{"in": 97}),
         clang={"in": 1}, tlang=dict(en=1),
         suffix=dict(Ltd=1),
         mobile=("98|99|97|96|95|94|93|90|88|87|86|85|81|80|79|78|77|76|75|74|73|70", 10, (5, 5)),
         lgroups={2: (2, 4, 4), 3: (3, 7)}, p_mobile=0.7, first="234567",
         cities="""Mumbai:22/8:16, New Delhi:11/8:14, Bengaluru:80/8:14, Chennai:44/8:8,
             Hyderabad:40/8:9, Kolkata:33/8:7, Pune:20/8:7, Ahmedabad:79/8:4, Jaipur:141/7:2,
             Surat:261/7:2, Lucknow:522/7:2, Kanpur:512/7:1, Nagpur:712/7:1, Indore:731/7:1,
             Thane:22/8:2, Bhopal:755/7:1, Visakhapatnam:891/7:1, Chandigarh:172/7:1,
             Kochi:484/7:2, Coimbatore:422/7:1, Gurugram:124/7:3, Noida:120/7:3, Mysuru:821/7:1,
             Thiruvananthapuram:471/7:1"""),
]

# --- companies ---------------------------------------------------------------------
COMPANY_WORDS = {
    "fr": (split("""Atlantique, Horizon, Azur, Lumière, Provence, Alpes, Bretagne, Étoile, Rivage,
        Vallée, Méridien, Boréal, Cèdre, Chêne, Pléiade, Hexagone, Occitane, Aquitaine, Normandie,
        Loire, Garonne, Rhône, Seine, Armor, Mistral, Sirocco, Orée, Cristal, Émeraude, Saphir,
        Opale, Ambre, Zénith, Aurore, Océan, Phare, Cap, Colline, Source, Sommet, Rempart,
        Carrefour, Avenir, Progrès, Éclat, Verger, Moulin, Forge, Cité, Prairie, Granit, Ardoise,
        Séquoia, Lys, Hermine, Corsaire, Vercors, Jura, Vosges, Camargue"""),
           split("""Conseil, Industries, Logistique, Distribution, Informatique, Immobilier,
        Transports, Services, Énergie, Bâtiment, Solutions, Technologies, Finance, Alimentaire,
        Médical, Ingénierie, Communication, Électronique, Environnement, Automobiles, Assurances,
        Emballages, Mécanique, Négoce, Rénovation, Formation, Patrimoine, Santé, Numérique,
        Sécurité"""),
           ["{r} {s}", "{s} {r}", "Groupe {r}", "{n} & Fils", "{n} {s}", "{n} et Associés",
            "Établissements {n}", "{c}", "{c} {s}", "{n} {s} {r}"]),
    "de": (split("""Nord, Süd, Alpen, Rhein, Elbe, Main, Donau, Isar, Berg, Stern, Adler, Falke,
        Eiche, Linde, Brücke, Hansa, Bavaria, Saxonia, Westfalen, Spree, Weser, Harz, Taunus,
        Schwarzwald, Bodensee, Kristall, Sonnen, Blitz, Löwen, Bären, Fels, Quelle, Tal, Hafen,
        Turm, Burg, Mühlen, Greif, Wald, Ostsee, Nordsee, Mosel, Neckar, Allgäu, Eifel"""),
           split("""Technik, Logistik, Bau, Maschinenbau, Elektro, Software, Consulting, Immobilien,
        Handel, Medizintechnik, Energie, Systeme, Verwaltung, Werkzeuge, Automation, Metallbau,
        Druck, Versicherungen, Dienstleistungen, Transporte, Datentechnik, Stahl, Holz,
        Kunststoff, Optik"""),
           ["{r}{sl}", "{r} {s}", "{n} {s}", "{n} & {n2}", "{n} & Söhne", "{r}-{s}", "{c}",
            "{n} {r}{sl}"]),
    "es": (split("""Ibérica, Sol, Mediterráneo, Cantábrico, Levante, Andaluza, Castilla, Atlántico,
        Sierra, Águila, Olivo, Galaica, Meseta, Ebro, Duero, Tajo, Guadalquivir, Aragonesa,
        Navarra, Astur, Canaria, Balear, Íbero, Faro, Horizonte, Estrella, Alba, Cumbre, Robledal,
        Almendro, Montaña, Brisa, Marina, Solana"""),
           split("""Construcciones, Logística, Consultores, Distribuciones, Servicios, Tecnologías,
        Ingeniería, Inmobiliaria, Alimentación, Energías, Transportes, Soluciones, Sistemas,
        Comercial, Industrias, Seguros, Informática, Telecomunicaciones, Reformas,
        Exportaciones"""),
           ["{s} {r}", "Grupo {r}", "{n} y Asociados", "{s} {n}", "{n} Hermanos", "{r} {s}",
            "{c}", "{s} {n} {r}"]),
    "it": (split("""Adriatica, Tirrenica, Alpina, Lombarda, Veneta, Toscana, Aurora, Stella, Fenice,
        Leone, Olimpia, Sole, Luna, Vesuvio, Etna, Dolomiti, Padana, Ligure, Sarda, Sicula,
        Italica, Romana, Euganea, Appennino, Laguna, Quercia, Ulivo, Faro, Orizzonte, Vittoria,
        Brianza, Salento, Langhe, Maremma"""),
           split("""Costruzioni, Logistica, Consulenze, Distribuzione, Servizi, Tecnologie,
        Ingegneria, Immobiliare, Alimentari, Energia, Trasporti, Meccanica, Sistemi, Commerciale,
        Industrie, Assicurazioni, Informatica, Tessile, Arredamenti, Impianti"""),
           ["{s} {r}", "{r} {s}", "{n} & Figli", "Fratelli {n}", "{n} {s}", "Gruppo {r}", "{c}",
            "{s} {n} {r}"]),
    "en": (split("""Summit, Pinnacle, Harbor, Crest, Northstar, Bluewater, Ironwood, Redwood,
        Silverline, Keystone, Liberty, Frontier, Evergreen, Beacon, Granite, Cascade, Meridian,
        Atlas, Apex, Vertex, Horizon, Sterling, Oakridge, Maple, Falcon, Orion, Quantum, Nova,
        Vantage, Riverbend, Lakeside, Highland, Copperfield, Brightwater, Clearview, Stonebridge,
        Greenleaf, Fairway, Hillcrest, Crossroads, Trident, Sentinel, Paragon, Zenith, Echo,
        Pioneer, Cornerstone, Wildflower, Bluebird, Juniper, Aspen, Cedar, Willow, Harbourside"""),
           split("""Solutions, Systems, Technologies, Logistics, Consulting, Partners, Holdings,
        Industries, Analytics, Networks, Capital, Software, Labs, Engineering, Foods, Energy,
        Health, Media, Services, Manufacturing, Group, Ventures, Dynamics, Digital, Supply,
        Robotics, Biotech, Properties, Outfitters, Insurance"""),
           ["{r} {s}", "{k} {s}", "{k}", "{n} & {n2}", "{n} {s}", "{n} Brothers", "{c}",
            "{c} {s}", "{r} {n} {s}"]),
    "in": (split("""Indus, Ganga, Himalaya, Sahyadri, Deccan, Shakti, Surya, Lakshmi, Vayu, Prithvi,
        Aryan, Navratna, Kaveri, Narmada, Godavari, Vindhya, Konark, Ajanta, Ashoka, Chola,
        Maurya, Sapphire, Lotus, Tulsi, Chandra, Agni, Varun, Trishul, Sagar, Kailash"""),
           split("""Infotech, Technologies, Pharma, Textiles, Infra, Exports, Consultancy Services,
        Motors, Chemicals, Software, Engineering, Logistics, Solutions, Foods, Steel, Power,
        Healthcare, Agro, Ventures, Systems"""),
           ["{r} {s}", "{n} {s}", "{n} & Sons", "Shree {r} {s}", "{r} {n} {s}", "{c} {s}"]),
    "vi": (split("""Việt, Sài Gòn, Hà Nội, Mekong, Hòa Bình, An Phát, Minh Long, Thành Công,
        Phú Thái, Tân Hiệp, Hưng Thịnh, Đại Nam, Sao Mai, Bình Minh, Trường Sơn, Hồng Hà,
        Phương Đông, Đông Á, Nam Việt, Hoàng Long, Kim Long, Thiên Phú, Phát Đạt, Vạn Xuân,
        Đất Việt"""),
           split("""Tech, Logistics, Trading, Construction, Software, Foods, Group, Textile,
        Solutions, Electronics, Seafood, Coffee, Garment, Steel, Pharma, Investment"""),
           ["{r} {s}", "{r} {r2}", "{r} {r2} {s}", "{n} {r} {s}"]),
    "ma": (split("""Atlas, Maghreb, Sahara, Chergui, Anfa, Menara, Oasis, Al Amal, Al Baraka,
        Zitoune, Argan, Tafilalet, Souss, Rif, Draa, Sebou, Oum Rabia, Bouregreg, Agdal, Médina,
        Kasbah, Majorelle, Amazigh, Noor, Assalam"""),
           None,  # French sectors
           ["{r} {s}", "{s} {r}", "Groupe {r}", "{n} {s}", "Ets {n}", "{n} {s} {r}"]),
    "nl": (split("""Schelde, Vlaanderen, Kempen, Leie, Dijle, Maas, Noorder, Zuider, Lindeboom,
        Molen, Polder, Duin, Haven, Toren, Brabant, Zenne, Demer, Ijzer, Heide, Zilverberk"""),
           split("""Bouw, Techniek, Logistiek, Advies, Transport, Diensten, Vastgoed, Installaties,
        Voeding, Systemen, Energie, Groep"""),
           ["{r} {s}", "{n} {s}", "{r}{sl}", "Bouwbedrijf {n}", "{n} & Zonen", "{n} {r} {s}"]),
}
COMPANY_SURNAMES = {"fr": "fr", "de": "de", "es": "es", "it": "it", "en": "us", "in": "in",
                    "vi": "vi", "ma": "ar", "nl": "nl"}
EN_COMPOUND = (split("Blue, Red, Iron, Silver, Stone, North, West, East, South, Bright, Clear, "
                     "Green, Oak, Pine, Sun, Star, High, Deep, Swift, True, Gold, Black, White"),
               split("crest, field, wood, bridge, point, gate, line, view, stone, water, rock, "
                     "ridge, wave, path, light, peak, haven, brook, forge, mark"))
COMPOUND_ENDINGS = split("tec, tek, ia, is, ix, ium, ora, ex, eo, ys, on, ent, ica, ix, o, ance")
TLDS = {"FR": ["fr", "fr", "fr", "com"], "DE": ["de", "de", "de", "com"], "ES": ["es", "es", "com"],
        "IT": ["it", "it", "com"], "GB": ["co.uk", "co.uk", "com"], "US": ["com"],
        "BE": ["be", "be", "com"], "CH": ["ch", "ch", "com"], "VN": ["vn", "com.vn", "com"],
        "MA": ["ma", "ma", "com"], "IN": ["in", "co.in", "com"]}
N_COMPANIES = 20000

# Ways to write each legal suffix; the first is the canonical one.
SUFFIX_FORMS = {
    "SARL": ["SARL", "S.A.R.L.", "Sarl", "S.A.R.L"],
    "SAS": ["SAS", "S.A.S.", "Sas", "S.A.S"],
    "SA": ["SA", "S.A.", "S.A"],
    "GmbH": ["GmbH", "GMBH", "Gmbh", "G.m.b.H."],
    "AG": ["AG", "A.G."],
    "Ltd": ["Ltd", "Ltd.", "Limited", "LTD"],
    "Inc": ["Inc", "Inc.", ", Inc.", "Incorporated"],
    "LLC": ["LLC", "L.L.C.", ", LLC", "Llc"],
    "BV": ["BV", "B.V.", "bv"],
    "S.p.A.": ["S.p.A.", "SpA", "S.P.A.", "Spa"],
}
IN_LTD_FORMS = ["Ltd", "Pvt Ltd", "Pvt. Ltd.", "Private Limited", "Limited"]

# --- job titles -------------------------------------------------------------------
TITLES = {
    "en": split("""Chief Executive Officer=CEO, Chief Financial Officer=CFO,
        Chief Technology Officer=CTO, Chief Operating Officer=COO, Chief Marketing Officer=CMO,
        Vice President of Sales=VP Sales, Vice President of Engineering=VP Engineering,
        Sales Manager, Account Manager, Key Account Manager=KAM, Account Executive,
        Business Development Manager=BDM, Marketing Manager, Marketing Director, Product Manager,
        Project Manager, Software Engineer, Senior Software Engineer=Sr. Software Engineer,
        Data Analyst, Data Scientist, IT Manager, Head of IT, Procurement Manager,
        Purchasing Manager, Office Manager, Operations Manager, HR Manager=Human Resources Manager,
        Finance Director, Financial Controller, Accountant, Legal Counsel,
        Customer Success Manager=CSM, Sales Representative=Sales Rep, Managing Director=MD,
        Founder, Co-Founder, Consultant, Senior Consultant, Executive Assistant,
        Logistics Coordinator, Supply Chain Manager, Head of Procurement"""),
    "fr": split("""Directeur Général=DG, Président-Directeur Général=PDG, Directeur Commercial,
        Directrice Commerciale, Responsable Commercial, Chargé d'affaires, Ingénieur commercial,
        Directeur Administratif et Financier=DAF, Directrice des Ressources Humaines=DRH,
        Responsable Achats, Acheteuse, Chef de projet, Ingénieur d'études, Développeur,
        Responsable Marketing, Chargée de communication, Assistante de direction, Comptable,
        Contrôleur de gestion, Directeur des Systèmes d'Information=DSI, Responsable Logistique,
        Gérant, Juriste, Consultant, Technicien de maintenance, Responsable qualité"""),
    "de": split("""Geschäftsführer, Vertriebsleiter, Leiter Einkauf, Einkäufer, Projektleiter,
        Softwareentwickler, Marketingleiterin, Personalleiter, Finanzbuchhalter, Controller,
        Key Account Manager=KAM, Vertriebsmitarbeiter, Teamleiter IT, IT-Leiter, Prokurist,
        Assistentin der Geschäftsführung, Ingenieur, Berater, Logistikleiter, Qualitätsmanager,
        Vorstandsvorsitzender"""),
    "es": split("""Director General, Director Comercial, Jefe de Ventas, Responsable de Compras,
        Director Financiero, Jefe de Proyecto, Ingeniero de Software, Técnico de Marketing,
        Directora de Recursos Humanos=Directora de RR. HH., Contable, Gerente, Consultor,
        Administrativo, Responsable de Logística, Directora de Operaciones"""),
    "it": split("""Amministratore Delegato=AD, Direttore Commerciale, Responsabile Acquisti,
        Direttore Finanziario, Project Manager, Ingegnere del Software, Responsabile Marketing,
        Responsabile Risorse Umane=Responsabile HR, Commercialista, Contabile, Consulente,
        Impiegato amministrativo, Responsabile Logistica, Direttore Generale, Agente di commercio"""),
}

# --- phone formatting ---------------------------------------------------------------
US_STYLES = ((25, "({a}) {b}-{c}"), (20, "{a}-{b}-{c}"), (7, "{a}.{b}.{c}"), (8, "{a}{b}{c}"),
             (12, "+1 {a}-{b}-{c}"), (6, "+1 ({a}) {b}-{c}"), (5, "1-{a}-{b}-{c}"),
             (12, "+1{a}{b}{c}"), (5, "+1 {a} {b} {c}"))
# generic styles: (weight, name); some only where a trunk prefix exists
GEN_STYLES = ((15, "e164"), (25, "intl"), (25, "nat"), (12, "natc"), (6, "natdot"),
              (5, "natdash"), (4, "00"), (5, "intl0"), (3, "intldash"))
KEYBOARD = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop",
    "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
    "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}


def Picker(items, weights):
    """Weighted choice: picker(r) with r = rng.random(), by bisection on a
    normalised cumulative table (r < 1.0 = last bound, so never out of range)."""
    total = float(sum(weights))
    acc, cum = 0.0, []
    for w in weights:
        acc += w
        cum.append(acc / total)
    cum[-1] = 1.0
    items = list(items)

    def pick(r, _items=items, _cum=cum, _bisect=bisect_right):
        return _items[_bisect(_cum, r)]
    pick.items = items
    return pick


def zipf_weights(n, s=0.75, offset=3):
    return [1.0 / (i + offset) ** s for i in range(n)]


def dedup(seq):
    seen, out = set(), []
    for x in seq:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.part_ids = {}
        self._build_names()
        self._build_countries()
        self._build_companies()
        self._build_titles()
        self.email_keys = {}
        self.phones = set()

    # ---- helpers -----------------------------------------------------------
    def pick(self, seq):
        return seq[int(self.rnd() * len(seq))]

    # ---- pools -------------------------------------------------------------
    def _name_entry(self, s):
        # (as written, without accents, email part, id of the email part)
        s = nfc(s)
        part = email_part(s)
        pid = self.part_ids.setdefault(part, len(self.part_ids))
        return (s, strip_accents(s), part, pid)

    def _build_names(self):
        first = dict(FIRST)
        # Vietnamese: given name alone, or middle + given ("Văn Minh")
        vi = list(VI_GIVEN) + [m + " " + g for m in VI_MIDDLE for g in VI_GIVEN if m != g]
        first["vi"] = vi
        self.first_pick, self.last_pick, self.last_pool = {}, {}, {}
        n_first = n_last = 0
        for cult, names in first.items():
            names = dedup(names)
            n_first += len(names)
            self.first_pick[cult] = Picker([self._name_entry(x) for x in names],
                                           zipf_weights(len(names), *FIRST_ZIPF))
        for cult, names in LAST.items():
            names = dedup(names)
            if cult == "vi":
                weights = VI_LAST_WEIGHTS[:len(names)]
            else:
                real = len(names)
                weights = zipf_weights(real, *LAST_ZIPF)
                extra = []
                if cult == "es":   # compound Spanish surnames: "García López"
                    top = names[:60]
                    extra = [a + " " + b for a in top for b in top if a != b]
                known = set(names)
                syl = []
                pre, suf = SYLLABLES[cult]
                for p in pre:
                    for q in suf:
                        if p.endswith("_") or p.endswith("-"):
                            w = p.replace("_", " ") + q
                        else:
                            pl, ql = p.lower(), q.lower()
                            if ql.startswith(pl) or (pl[-1] in VOWELS and ql[0] in VOWELS):
                                continue
                            if pl[-1] == ql[0] and len(ql) > 1 and ql[1] == ql[0]:
                                continue
                            w = p + ql
                        if w not in known:
                            known.add(w)
                            syl.append(w)
                # real surnames: a Zipf head; compounds and invented ones: flat tails
                real_mass = sum(weights)
                compounds = dedup([x for x in extra if x not in known])
                syl_share = SYLLABLE_SHARE.get(cult, SYLLABLE_SHARE_DEFAULT)
                comp_share = COMPOUND_SHARE if compounds else 0.0
                real_share = 1.0 - syl_share - comp_share
                if compounds:
                    w = real_mass * comp_share / real_share / len(compounds)
                    weights += [w] * len(compounds)
                    names = names + compounds
                weights += [real_mass * syl_share / real_share / len(syl)] * len(syl)
                names = names + syl
            n_last += len(names)
            self.last_pool[cult] = names
            self.last_pick[cult] = Picker([self._name_entry(x) for x in names], weights)
        self.n_first, self.n_last = n_first, n_last

    def _build_countries(self):
        self.countries = []
        for spec in COUNTRIES:
            c = dict(spec)
            cities, weights = [], []
            for item in split(spec["cities"]):
                name, ph, w = item.rsplit(":", 2)
                # "pfx/subscriber digits/allowed first subscriber digits"
                parts = ph.split("/")
                pfx = parts[0]
                digits = parts[1] if len(parts) > 1 else "7"
                first = parts[2] if len(parts) > 2 else c.get("first", "23456789")
                name = nfc(name)
                # "20 7": area code 20, subscriber numbers starting with 7
                prefixes = [(x.replace(" ", ""), len(x.split(" ")[0])) for x in pfx.split("|")]
                cities.append((name, strip_accents(name), prefixes, int(digits), first))
                weights.append(float(w))
            c["city_pick"] = Picker(cities, weights)
            # a name culture, as its (first name, last name) pickers
            c["name_pick"] = Picker([(self.first_pick[k], self.last_pick[k]) for k in spec["mix"]],
                                    list(spec["mix"].values()))
            c["suffix_pick"] = Picker(list(spec["suffix"].keys()), list(spec["suffix"].values()))
            c["clang_pick"] = Picker(list(spec["clang"].keys()), list(spec["clang"].values()))
            if spec["mobile"]:
                pf, ln, gr = spec["mobile"]
                c["mobile"] = (pf.split("|"), ln, _slices(gr))
            c["lslices"] = {k: _slices(v) for k, v in (spec["lgroups"] or {}).items()}
            self.countries.append(c)
        self.country_pick = Picker(self.countries,
                                   [c["w"] for c in self.countries])

    def _company_base(self, lang):
        rnd = self.rnd
        roots, sectors, patterns = COMPANY_WORDS[lang]
        if sectors is None:
            sectors = COMPANY_WORDS["fr"][1]
        surnames = self.last_pool[COMPANY_SURNAMES[lang]]
        pat = self.pick(patterns)
        r, r2 = self.pick(roots), self.pick(roots)
        s = self.pick(sectors)
        n, n2 = self.pick(surnames[:200]), self.pick(surnames[:200])
        c = ""
        if "{c}" in pat:   # invented compound brand: "Loiretec", "Azuria"
            stem = strip_accents(r).replace(" ", "").replace("-", "")
            stem = stem[:max(3, min(len(stem), 3 + int(rnd() * 4)))]
            c = stem[0].upper() + stem[1:].lower() + self.pick(COMPOUND_ENDINGS)
        k = ""
        if "{k}" in pat:   # English compound brand: "Bluecrest", "Ironbridge"
            a, b = self.pick(EN_COMPOUND[0]), self.pick(EN_COMPOUND[1])
            k = a + b if a.lower() != b else a + "field"
        return pat.format(r=r, r2=r2, s=s, sl=s.lower(), n=n, n2=n2, c=c, k=k)

    def _build_companies(self):
        rnd = self.rnd
        total_w = sum(c["w"] for c in self.countries)
        self.companies = []          # (base, base_noaccent, domain, suffix, country_idx)
        seen_names, seen_domains = set(), set()
        for ci, c in enumerate(self.countries):
            n = int(round(N_COMPANIES * c["w"] / total_w))
            start = len(self.companies)
            tries = 0
            while len(self.companies) - start < n and tries < n * 50:
                tries += 1
                lang = c["clang_pick"](rnd())
                base = nfc(self._company_base(lang))
                key = strip_accents(base).lower()
                if key in seen_names or base.lower() == base:
                    continue
                seen_names.add(key)
                tokens = ["".join(ch for ch in t if ch.isalnum())
                          for t in strip_accents(base).lower().replace("-", " ").split()]
                tokens = [t for t in tokens if t and t not in ("et", "y", "and", "e")]
                joiner = "-" if rnd() < 0.25 else ""
                stem = joiner.join(tokens)
                tlds = TLDS[c["code"]]
                domain = None
                for k in range(12):
                    tld = tlds[(k + int(rnd() * len(tlds))) % len(tlds)] if k < 4 else tlds[0]
                    cand = stem + ("" if k < 4 else str(k - 2)) + "." + tld
                    if cand not in seen_domains:
                        domain = cand
                        break
                if domain is None:
                    continue
                seen_domains.add(domain)
                suffix = c["suffix_pick"](rnd())
                self.companies.append((base, strip_accents(base), domain, suffix, ci))
            idx = list(range(start, len(self.companies)))
            c["company_pick"] = Picker(idx, zipf_weights(len(idx), *COMPANY_ZIPF))
            # the country's other legal forms, for "a different legal suffix"
            forms = list(c["suffix"])
            c["other_suffixes"] = {f: [o for o in forms if o != f] for f in forms}

    def _build_titles(self):
        self.title_pick = {}
        for lang, items in TITLES.items():
            entries = []
            for it in items:
                main, _, alt = it.partition("=")
                entries.append((nfc(main), nfc(alt) if alt else None))
            self.title_pick[lang] = (entries, zipf_weights(len(entries), 0.5, 3))
        for c in self.countries:      # language of the title, then the title
            items, weights = [], []
            for lang, lw in c["tlang"].items():
                entries, ws = self.title_pick[lang]
                total = sum(ws)
                items += entries
                weights += [lw * w / total for w in ws]
            c["title_pick"] = Picker(items, weights)

    # ---- entities ----------------------------------------------------------
    def new_phone(self, c, city):
        """A phone number valid for the country, unique across entities:
        (country code, calling code, trunk prefix, national number, groups)."""
        rnd = self.rnd
        code, cc = c["code"], c["cc"]
        while True:
            if code == "US":
                prefixes = city[2]
                area = prefixes[int(rnd() * len(prefixes))][0]
                ex = 200 + int(rnd() * 800)          # NXX: not N11, not 555
                if ex % 100 == 11 or ex == 555:
                    continue
                ex = str(ex)
                line = "%04d" % int(rnd() * 10000)
                nsn = area + ex + line
                groups = (area, ex, line)
            elif rnd() < c["p_mobile"]:
                prefixes, length, slices = c["mobile"]
                p = prefixes[int(rnd() * len(prefixes))]
                rest = length - len(p)
                nsn = p + "%0*d" % (rest, int(rnd() * 10 ** rest))
                groups = tuple([nsn[a:b] for a, b in slices])
            else:
                prefixes = city[2]
                p, area_len = prefixes[int(rnd() * len(prefixes))]
                sub = city[3] - 1
                first = city[4]
                nsn = p + first[int(rnd() * len(first))] + "%0*d" % (sub, int(rnd() * 10 ** sub))
                slices = c["lslices"].get(area_len)
                if slices is None:              # DE, IT: area code + subscriber
                    groups = (nsn[:area_len], nsn[area_len:])
                else:
                    groups = tuple([nsn[a:b] for a, b in slices])
            key = int(cc + nsn)
            if key not in self.phones:
                self.phones.add(key)
                return (code, cc, c["trunk"], nsn, groups)

    def new_entity(self, eid):
        rnd = self.rnd
        c = self.country_pick(rnd())
        first_pick, last_pick = c["name_pick"](rnd())
        first = first_pick(rnd())
        last = last_pick(rnd())
        city = c["city_pick"](rnd())
        comp_idx = c["company_pick"](rnd())
        company = self.companies[comp_idx]
        email = None
        if rnd() < P_ENTITY_EMAIL:
            # same first.last at the same company: jean.martin2@, jean.martin3@ ...
            key = (first[3] * 65536 + last[3]) * 65536 + comp_idx
            n = self.email_keys.get(key, 0) + 1
            self.email_keys[key] = n
            local = first[2] + "." + last[2]
            email = (local if n == 1 else local + str(n)) + "@" + company[2]
        phone = self.new_phone(c, city) if rnd() < P_ENTITY_PHONE else None
        title = c["title_pick"](rnd())
        return (eid, first, last, company, city, c, email, phone, title)


    # ---- record variations ---------------------------------------------------
    def fmt_phone(self, phone):
        rnd = self.rnd
        code, cc, trunk, nsn, g = phone
        if code == "US":
            r = rnd() * 100
            acc = 0
            for w, f in US_STYLES:
                acc += w
                if r < acc:
                    return f.format(a=g[0], b=g[1], c=g[2])
            return "+1" + nsn
        r = rnd() * 100
        acc = 0
        style = "intl"
        for w, s in GEN_STYLES:
            acc += w
            if r < acc:
                style = s
                break
        if style == "e164":
            return "+" + cc + nsn
        if style == "intl":
            return "+" + cc + " " + " ".join(g)
        if style == "00":
            return "00" + cc + " " + " ".join(g)
        if style == "intl0":
            if trunk:
                return "+" + cc + " (0)" + " ".join(g)
            return "+" + cc + " " + " ".join(g)
        if style == "intldash":
            return "+" + cc + "-" + "-".join(g)
        if style == "natc":
            return trunk + nsn
        if code == "DE" and style in ("natdot", "natdash"):
            return trunk + g[0] + "/" + "".join(g[1:])
        sep = {"nat": " ", "natdot": ".", "natdash": "-"}[style]
        return trunk + sep.join(g)

    def fmt_company(self, company):
        rnd = self.rnd
        base, base_na, _, suffix, ci = company
        r = rnd()
        if r < 0.08:
            base = base_na
        elif r < 0.16:
            base = base.upper()
        elif r < 0.19:
            base = base.lower()
        r = rnd()
        c = self.countries[ci]
        if c["code"] == "IN" and suffix == "Ltd":
            forms = IN_LTD_FORMS
        else:
            forms = SUFFIX_FORMS[suffix]
        if r < 0.55:
            sfx = forms[0]
        elif r < 0.73:
            sfx = self.pick(forms[1:])
        elif r < 0.93:
            sfx = ""
        else:
            others = c["other_suffixes"][suffix]
            sfx = SUFFIX_FORMS[self.pick(others)][0] if others else ""
        if not sfx:
            return base
        if base.isupper() and rnd() < 0.5:
            sfx = sfx.upper()
        if sfx.startswith(","):
            return base + sfx
        return base + " " + sfx

    def fmt_email(self, email):
        r = self.rnd()
        if r < 0.72:
            return email
        local, _, domain = email.partition("@")
        if r < 0.84:   # Jean.Martin@acme.fr
            local = ".".join(p[:1].upper() + p[1:] for p in local.split("."))
            return local + "@" + domain
        if r < 0.90:
            return email.upper()
        if r < 0.96:
            return local + "@" + domain.upper()
        return local.capitalize() + "@" + domain

    def typo(self, s):
        rnd = self.rnd
        pos = [i for i, ch in enumerate(s) if ch.isalpha()]
        if len(pos) < 4:
            return s
        for _ in range(6):
            op = rnd()
            i = pos[1 + int(rnd() * (len(pos) - 1))]   # keep the initial
            if op < 0.45:      # substitute with a neighbouring key
                ch = s[i]
                low = strip_accents(ch).lower()
                near = KEYBOARD.get(low, "aeiou")
                new = near[int(rnd() * len(near))]
                if ch.isupper():
                    new = new.upper()
                t = s[:i] + new + s[i + 1:]
            elif op < 0.75:    # delete
                t = s[:i] + s[i + 1:]
            else:              # transpose with the next character
                if i + 1 >= len(s) or not s[i + 1].isalpha():
                    continue
                t = s[:i] + s[i + 1] + s[i] + s[i + 2:]
            if t != s and strip_accents(t).lower() != strip_accents(s).lower():
                return t
        return s

    def record(self, ent, dup):
        rnd = self.rnd
        _, first, last, company, city, c, email, phone, title = ent
        # names
        drop = rnd() < P_ACCENT_DROP
        fn = first[1] if drop else first[0]
        ln = last[1] if drop else last[0]
        r = rnd()
        if r < 0.10:
            ln = ln.upper()
        elif r < 0.13:
            fn, ln = fn.upper(), ln.upper()
        elif r < 0.16:
            fn, ln = fn.lower(), ln.lower()
        has_email = email is not None
        has_phone = phone is not None
        if dup:
            if has_email and rnd() < P_DUP_NO_EMAIL:
                has_email = False
            if has_phone and rnd() < P_DUP_NO_PHONE:
                has_phone = False
            typo = rnd() < P_DUP_TYPO
            swap = rnd() < P_DUP_SWAP
            if (typo or swap) and not (has_email or has_phone):
                # keep the record identifiable: bring back an email or a phone
                if email is not None:
                    has_email = True
                elif phone is not None:
                    has_phone = True
                else:
                    typo = swap = False
            if typo:
                ln = self.typo(ln)
            if swap:
                fn, ln = ln, fn
            no_city = rnd() < P_DUP_NO_CITY
            no_title = rnd() < P_DUP_NO_TITLE
        else:
            no_city = rnd() < P_FIRST_NO_CITY
            no_title = rnd() < P_FIRST_NO_TITLE
        comp = self.fmt_company(company)
        em = self.fmt_email(email) if has_email else ""
        ph = self.fmt_phone(phone) if has_phone else ""
        if no_city:
            cty = ""
        else:
            cty = city[1] if rnd() < P_CITY_ACCENT_DROP else city[0]
        if no_title:
            tt = ""
        else:
            r = rnd()
            tt = title[0]
            if r < 0.06:
                if title[1]:
                    tt = title[1]      # CEO <-> Chief Executive Officer
            elif r < 0.08:
                tt = tt.lower()
        row = [None, fn, ln, comp, em, ph, cty, c["name"], tt]   # [0]: Source ID
        if rnd() < P_PADDING:
            i = 1 + int(rnd() * 8)
            if row[i] and i != 7:
                pad = ("  ", " ", "", " ")[int(rnd() * 4)]
                row[i] = pad + row[i] + ("", " ", "  ", " ")[int(rnd() * 4)]
                if row[i].strip() == row[i]:
                    row[i] = " " + row[i]
        return row

    # ---- main loop -----------------------------------------------------------
    def run(self, count, out_dir):
        rnd = self.rnd
        self.width = width = max(7, len(str(count)))
        # later records of an entity: schedule[row] lists those that fall due at
        # that row; due ones wait in a FIFO until written (O(1), unlike a heap)
        schedule = {}
        due = collections.deque()
        popleft = due.popleft
        entities = 0
        multi = [k for k, _ in MULTI_DIST]
        multi_pick = Picker(multi, [w for _, w in MULTI_DIST])
        cp = os.path.join(out_dir, "contacts.csv")
        tp = os.path.join(out_dir, "truth.csv")
        with open(cp, "w", encoding="utf-8", newline="", buffering=1 << 20) as fc, \
                open(tp, "w", encoding="utf-8", newline="", buffering=1 << 20) as ft:
            wc = csv.writer(fc, lineterminator="\n")
            writerow = wc.writerow
            twrite = ft.write             # ids need no quoting
            new_entity, record = self.new_entity, self.record
            writerow(CONTACT_HEADER)
            twrite(",".join(TRUTH_HEADER) + "\n")
            rid_fmt = "R%0" + str(width) + "d"
            eid_fmt = "E%0" + str(width) + "d"
            for row in range(count):
                bucket = schedule.pop(row, None)
                if bucket is not None:
                    due.extend(bucket)
                if due:
                    eid, ent, remaining = popleft()
                    dup = True
                else:
                    entities += 1
                    eid = entities
                    ent = new_entity(eid_fmt % eid)
                    remaining = 0 if rnd() < P_SINGLE else multi_pick(rnd()) - 1
                    dup = False
                rid = rid_fmt % (row + 1)
                fields = record(ent, dup)
                fields[0] = rid
                writerow(fields)
                twrite(rid + "," + ent[0] + "\n")
                if remaining:
                    hi = count - 1 - row
                    if hi >= MIN_GAP:
                        if rnd() < P_GAP_UNIFORM:
                            gap = MIN_GAP + int(rnd() * (hi - MIN_GAP + 1))
                        else:
                            gap = int(MIN_GAP * (hi / MIN_GAP) ** rnd())
                        gap = min(max(gap, MIN_GAP), hi)
                        pos = row + gap
                        bucket = schedule.get(pos)
                        if bucket is None:
                            schedule[pos] = [(eid, ent, remaining - 1)]
                        else:
                            bucket.append((eid, ent, remaining - 1))
        return entities


def _slices(lengths):
    """(1, 2, 2) -> ((0, 1), (1, 3), (3, 5)): digit groups of a national number."""
    out, i = [], 0
    for n in lengths:
        out.append((i, i + n))
        i += n
    return tuple(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, required=True, help="number of rows to write")
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    args = ap.parse_args(argv)
    if args.count < 1:
        ap.error("--count must be at least 1")
    t0 = time.perf_counter()
    os.makedirs(args.out, exist_ok=True)
    gen = Generator(args.seed)
    # The row loop makes no reference cycles: reference counting frees
    # everything, and the cyclic collector would only rescan the pools.
    gc.collect()
    gc.disable()
    entities = gen.run(args.count, args.out)
    secs = time.perf_counter() - t0
    print("rows %d, entities %d, duplicate rows %d, seconds %.1f"
          % (args.count, entities, args.count - entities, secs), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
